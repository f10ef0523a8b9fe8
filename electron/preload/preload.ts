/**
 * Preload (built to dist-electron/preload.cjs, runs sandboxed): exposes `window.portside` and
 * nothing else. The page never sees ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld('portside', createPreloadApi(ipcRenderer));
