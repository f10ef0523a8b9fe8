/** A stand-in for Electron's ipcRenderer: records invokes, delivers events like Electron does. */
import { EventEmitter } from 'node:events';
import { vi, type Mock } from 'vitest';
import {
  eventChannels,
  eventMethodName,
  invokeChannels,
  invokeMethodName,
} from '../../shared/contract.ts';
import type { IpcRendererLike } from './preload-api.ts';

export interface FakeIpcRenderer extends IpcRendererLike {
  invoke: Mock<(channel: string, ...args: unknown[]) => Promise<unknown>>;
  /** Electron calls listeners with (IpcRendererEvent, ...args). */
  deliver(channel: string, payload: unknown): void;
  listenerCount(channel: string): number;
}

/** The marker object standing in for the IpcRendererEvent that must never reach the page. */
export const ELECTRON_EVENT = Object.freeze({ sender: 'ipcRenderer', ports: [] });

export function fakeIpcRenderer(): FakeIpcRenderer {
  const emitter = new EventEmitter();
  return {
    invoke: vi.fn(async () => ({ ok: true, value: null })),
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener),
    deliver: (channel, payload) => void emitter.emit(channel, ELECTRON_EVENT, payload),
    listenerCount: (channel) => emitter.listenerCount(channel),
  };
}

/** Method names the contract defines for `window.portside`, sorted. */
export const contractMethodNames = (): string[] =>
  [...invokeChannels.map(invokeMethodName), ...eventChannels.map(eventMethodName)].sort();
