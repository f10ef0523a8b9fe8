/** Test doubles for the IPC layer: an ipcMain that records handlers, contents, frames, handlers. */
import { vi, type Mock } from 'vitest';
import type { HandlerMap, InvokeChannel } from '../../shared/contract.ts';
import { DEFAULT_SETTINGS, type RuleView } from '../../shared/model.ts';
import type { IpcMainLike, SendingContents } from './ipc.ts';
import type { FrameLike, InvokeEventLike } from './sender-check.ts';

export const PAGE_URL = 'file:///opt/Portside/resources/app.asar/dist/renderer/index.html';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

export interface FakeIpcMain extends IpcMainLike {
  readonly listeners: Map<string, Listener>;
  /** What Electron does when a renderer calls `ipcRenderer.invoke(channel, request)`. */
  invoke(channel: string, event: InvokeEventLike, request?: unknown): Promise<unknown>;
}

export function fakeIpcMain(): FakeIpcMain {
  const listeners = new Map<string, Listener>();
  return {
    listeners,
    handle(channel, listener) {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`);
      listeners.set(channel, listener);
    },
    removeHandler(channel) {
      listeners.delete(channel);
    },
    async invoke(channel, event, request) {
      const listener = listeners.get(channel);
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      return listener(event, request);
    },
  };
}

export interface FakeContents extends SendingContents {
  mainFrame: { url: string };
  destroyed: boolean;
  send: Mock<(channel: string, ...args: unknown[]) => void>;
}

export function fakeContents(url = PAGE_URL): FakeContents {
  const contents: FakeContents = {
    mainFrame: { url },
    destroyed: false,
    isDestroyed: () => contents.destroyed,
    send: vi.fn<(channel: string, ...args: unknown[]) => void>(),
  };
  return contents;
}

/** An invoke event as Electron builds it for a call from `frame` inside `contents`. */
export function eventFrom(
  contents: FakeContents,
  frame: FrameLike | null = contents.mainFrame,
): InvokeEventLike {
  return { sender: contents, senderFrame: frame };
}

export const sampleRule: RuleView = {
  id: 'r1',
  name: 'web',
  direction: 'L',
  spec: '8080:web:80',
  enabled: true,
  state: 'stopped',
  stats: { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 },
};

export type FakeHandlers = { [K in InvokeChannel]: Mock<HandlerMap[K]> };

/** A handler map whose every handler is a spy returning a valid response. */
export function fakeHandlers(): FakeHandlers {
  return {
    'app:info': vi.fn(() => ({ version: '0.1.0', host: 'electron' as const })),
    'app:ready': vi.fn(() => null),
    'rules:list': vi.fn(() => [sampleRule]),
    'rules:add': vi.fn(() => sampleRule),
    'rules:remove': vi.fn(({ id }: { id: string }) => ({ id })),
    'rules:set-enabled': vi.fn(() => sampleRule),
    'connections:list': vi.fn(() => []),
    'app:notices': vi.fn(() => []),
    'app:dismiss-notice': vi.fn(({ id }: { id: string }) => ({ id })),
    'rules:update': vi.fn(() => sampleRule),
    'rules:duplicate': vi.fn(() => sampleRule),
    'rules:restore': vi.fn(() => sampleRule),
    'rules:set-enabled-many': vi.fn(() => [sampleRule]),
    'kube:contexts': vi.fn(() => []),
    'kube:namespaces': vi.fn(() => []),
    'kube:targets': vi.fn(({ context, namespace }: { context: string; namespace: string }) => ({
      context,
      namespace,
      workloads: [],
      services: [],
      warnings: [],
    })),
    'profiles:list': vi.fn(() => []),
    'profiles:save': vi.fn(({ name, ruleIds }: { name: string; ruleIds: string[] }) => ({
      name,
      ruleIds,
      running: false,
    })),
    'profiles:remove': vi.fn(({ name }: { name: string }) => ({ name })),
    'profiles:start': vi.fn(({ name }: { name: string }) => ({ name, ruleIds: [], running: true })),
    'profiles:stop': vi.fn(({ name }: { name: string }) => ({ name, ruleIds: [], running: false })),
    'settings:get': vi.fn(() => ({ ...DEFAULT_SETTINGS })),
    'settings:set': vi.fn(() => ({ ...DEFAULT_SETTINGS })),
    'import:env': vi.fn(() => ({})),
  };
}
