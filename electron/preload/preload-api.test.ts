import { describe, expect, it, vi } from 'vitest';
import {
  eventChannels,
  eventMethodName,
  invokeChannels,
  invokeMethodName,
} from '../../shared/contract.ts';
import { toErrorData } from '../../shared/errors.ts';
import { createPreloadApi } from './preload-api.ts';
import { ELECTRON_EVENT, contractMethodNames, fakeIpcRenderer } from './preload-fakes.ts';

type AnyFn = (...args: unknown[]) => unknown;
const method = (api: object, name: string): AnyFn => (api as Record<string, AnyFn>)[name]!;

describe('createPreloadApi: surface', () => {
  it('has exactly one function per contract channel and nothing else', () => {
    const api = createPreloadApi(fakeIpcRenderer());
    expect(Object.keys(api).sort()).toEqual(contractMethodNames());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('exposes no generic door into IPC', () => {
    const api = createPreloadApi(fakeIpcRenderer()) as unknown as Record<string, unknown>;
    for (const name of ['invoke', 'send', 'on', 'ipcRenderer', 'removeListener', 'sendSync']) {
      expect(api[name]).toBeUndefined();
    }
  });
});

describe('createPreloadApi: invoke functions', () => {
  it.each(invokeChannels)('%s calls ipcRenderer.invoke with its own channel only', async (ch) => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const request = { marker: ch };
    await method(api, invokeMethodName(ch))(request);
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
    expect(ipc.invoke).toHaveBeenCalledWith(ch, request);
  });

  it('resolves with the value of an ok result', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockResolvedValue({ ok: true, value: { version: '1.2.3', host: 'electron' } });
    await expect(createPreloadApi(ipc).appInfo()).resolves.toEqual({
      version: '1.2.3',
      host: 'electron',
    });
  });

  it('rejects with plain error data that survives contextBridge with its kind', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockResolvedValue({ ok: false, error: { kind: 'Forbidden', message: 'nope' } });
    const err: unknown = await createPreloadApi(ipc)
      .rulesList()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PortsideError', kind: 'Forbidden', message: 'nope' });
    expect(Object.getPrototypeOf(err)).toBe(Object.prototype);
    expect(toErrorData(err)).toEqual({ kind: 'Forbidden', message: 'nope' });
    expect(String(err)).toBe('nope');
  });

  it('reports a broken IPC call as Internal error data', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockRejectedValue(new Error("No handler registered for 'rules:list'"));
    const err: unknown = await createPreloadApi(ipc)
      .rulesList()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'Internal', message: expect.stringContaining('No handler') });
  });
});

describe('createPreloadApi: subscriptions', () => {
  it.each(eventChannels)('%s delivers the payload alone, never the Electron event', (ch) => {
    const ipc = fakeIpcRenderer();
    const listener = vi.fn();
    method(createPreloadApi(ipc), eventMethodName(ch))(listener);
    ipc.deliver(ch, { n: 1 });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ n: 1 }]);
    expect(listener.mock.calls.flat()).not.toContain(ELECTRON_EVENT);
  });

  it('listens only to its own channel', () => {
    const ipc = fakeIpcRenderer();
    const listener = vi.fn();
    createPreloadApi(ipc).onRulesChanged(listener);
    ipc.deliver('connections:changed', { upserted: [], removed: [] });
    expect(listener).not.toHaveBeenCalled();
  });

  it('unsubscribe removes exactly its own listener', () => {
    const ipc = fakeIpcRenderer();
    const api = createPreloadApi(ipc);
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = api.onRulesChanged(first);
    api.onRulesChanged(second);
    expect(ipc.listenerCount('rules:changed')).toBe(2);
    offFirst();
    offFirst();
    ipc.deliver('rules:changed', []);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith([]);
    expect(ipc.listenerCount('rules:changed')).toBe(1);
  });
});
