import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contractMethodNames, fakeIpcRenderer } from './preload-fakes.ts';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn<(key: string, api: unknown) => void>(),
}));
const ipcRenderer = fakeIpcRenderer();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer,
}));

describe('preload entry', () => {
  beforeAll(async () => {
    await import('./preload.ts');
  });

  it('exposes one object, under window.portside, once', () => {
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.exposeInMainWorld.mock.calls[0]?.[0]).toBe('portside');
  });

  it('the exposed object is exactly the contract API, backed by ipcRenderer', async () => {
    const api = electron.exposeInMainWorld.mock.calls[0]?.[1] as Record<
      string,
      () => Promise<unknown>
    >;
    expect(Object.keys(api).sort()).toEqual(contractMethodNames());
    expect(Object.values(api)).not.toContain(ipcRenderer);
    await api.rulesList!();
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('rules:list', undefined);
  });
});
