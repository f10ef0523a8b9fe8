/**
 * The contract over the browser host's WebSocket (electron/web/ws-bridge.ts is the other end).
 * Subscriptions live here, not on the socket, so they survive reconnects; requests made while
 * the socket is (re)connecting are queued and sent once it opens.
 */
import {
  contract,
  type EventChannel,
  type InvokeChannel,
  type InvokeResult,
} from '../shared/contract.ts';
import type { ClientTransport } from '../shared/contract-client.ts';
import { ServerMessageSchema, type ClientMessage } from '../shared/ws-envelope.ts';

export type LinkStatus = 'connecting' | 'open' | 'lost';

export interface WsTransport extends ClientTransport {
  /** Link changes: `open` on every (re)connect (also at once when already open), `lost` on a drop. */
  onStatus(listener: (status: LinkStatus) => void): () => void;
  close(): void;
}

/** The subset of the DOM WebSocket this transport uses (tests pass a fake). */
export interface SocketLike {
  send(data: string): void;
  close(): void;
  onopen: ((ev: never) => void) | null;
  onclose: ((ev: never) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: never) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

const lostResult = (): InvokeResult => ({
  ok: false,
  error: { kind: 'Network', message: 'Lost the connection to Portside; reconnecting.' },
});

/** Reconnect backoff: 250 ms doubling up to 5 s. */
export function backoff(attempt: number): number {
  return Math.min(5000, 250 * 2 ** attempt);
}

type Pending = Map<number, (r: InvokeResult) => void>;
type Listeners = Map<EventChannel, Set<(payload: unknown) => void>>;

/** Resolves the answered request or fans an event out; anything malformed is dropped. */
function routeMessage(data: unknown, pending: Pending, listeners: Listeners): void {
  let parsed;
  try {
    parsed = ServerMessageSchema.safeParse(JSON.parse(String(data)));
  } catch {
    return;
  }
  if (!parsed.success) return;
  const msg = parsed.data;
  if ('result' in msg) {
    if (typeof msg.id !== 'number') return;
    pending.get(msg.id)?.(msg.result as InvokeResult);
    pending.delete(msg.id);
    return;
  }
  const payload = contract[msg.event].payload.safeParse(msg.payload);
  if (!payload.success) return; // a host bug must not corrupt the store
  listeners.get(msg.event)?.forEach((l) => l(payload.data));
}

/** Connects at once and keeps reconnecting until `close()`. */
export function createWsTransport(url: string, open: SocketFactory): WsTransport {
  const pending: Pending = new Map();
  const outbox: string[] = [];
  const listeners: Listeners = new Map();
  const statusListeners = new Set<(s: LinkStatus) => void>();
  let socket: SocketLike | null = null;
  let isOpen = false;
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (s: LinkStatus): void => statusListeners.forEach((l) => l(s));

  const connect = (): void => {
    let s: SocketLike;
    try {
      s = open(url);
    } catch {
      // Older engines throw synchronously (e.g. a CSP refusal); treat it like a failed attempt.
      timer = setTimeout(connect, backoff(attempt++));
      return;
    }
    socket = s;
    s.onopen = () => {
      isOpen = true;
      attempt = 0;
      setStatus('open');
      for (const text of outbox.splice(0)) s.send(text);
    };
    s.onmessage = (ev) => routeMessage(ev.data, pending, listeners);
    s.onerror = () => undefined; // onclose follows and handles it
    s.onclose = () => {
      const wasOpen = isOpen;
      isOpen = false;
      socket = null;
      // Unsent requests fail with the sent ones: nothing is replayed behind the user's back.
      outbox.length = 0;
      for (const resolve of pending.values()) resolve(lostResult());
      pending.clear();
      if (closed) return;
      if (wasOpen) setStatus('lost');
      timer = setTimeout(connect, backoff(attempt++));
    };
  };

  const invoke = (channel: InvokeChannel, request: unknown): Promise<InvokeResult> => {
    if (closed) return Promise.resolve(lostResult());
    const id = nextId++;
    const message: ClientMessage = { id, channel, request };
    const text = JSON.stringify(message);
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (isOpen && socket) socket.send(text);
      else outbox.push(text);
    });
  };

  const subscribe = (channel: EventChannel, listener: (payload: unknown) => void): (() => void) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => set.delete(listener);
  };

  connect();
  return {
    invoke,
    subscribe,
    onStatus(listener) {
      statusListeners.add(listener);
      if (isOpen) listener('open');
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
