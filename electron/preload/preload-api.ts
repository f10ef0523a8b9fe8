/**
 * `window.portside` for the Electron host: the contract client over ipcRenderer. Electron-free
 * (the caller passes ipcRenderer) so the exact surface is unit-tested without Electron.
 */
import { createClient } from '../../shared/contract-client.ts';
import {
  invokeChannels,
  invokeMethodName,
  type InvokeResult,
  type PortsideApi,
} from '../../shared/contract.ts';
import { toErrorData, type ErrorData } from '../../shared/errors.ts';

type Handler = (event: unknown, ...args: unknown[]) => void;

/** The three ipcRenderer methods the preload needs — never handed to the page. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Handler): unknown;
  removeListener(channel: string, listener: Handler): unknown;
}

/** What an invoke rejects with in the Electron host. */
export interface BridgeError extends ErrorData {
  name: 'PortsideError';
  toString(): string;
}

/**
 * contextBridge copies an Error's message but drops its other properties, so a PortsideError
 * would reach the page without its `kind`. Rejections cross the bridge as plain error data
 * instead, which `toErrorData(err)` reads with its kind; `toString` keeps `String(err)` readable
 * for code that only knows Errors.
 */
function toBridgeError(err: unknown): BridgeError {
  const { kind, message } = toErrorData(err);
  return { name: 'PortsideError', kind, message, toString: () => message };
}

function rejectAsData<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  return (...args: A): Promise<R> =>
    fn(...args).catch((err: unknown) => Promise.reject(toBridgeError(err)));
}

/** One named function per contract channel; no generic invoke, no event object leaks. */
export function createPreloadApi(ipc: IpcRendererLike): PortsideApi {
  const client = createClient({
    invoke: (channel, request) => ipc.invoke(channel, request) as Promise<InvokeResult>,
    subscribe(channel, listener) {
      const handler: Handler = (_event, payload) => listener(payload);
      ipc.on(channel, handler);
      return () => {
        ipc.removeListener(channel, handler);
      };
    },
  });
  const api: Record<string, unknown> = { ...client };
  for (const channel of invokeChannels) {
    const name = invokeMethodName(channel);
    api[name] = rejectAsData(
      client[name as keyof PortsideApi] as (r?: unknown) => Promise<unknown>,
    );
  }
  return Object.freeze(api) as PortsideApi;
}
