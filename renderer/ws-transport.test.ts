import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoff, createWsTransport, type LinkStatus, type SocketLike } from './ws-transport.ts';

class FakeSocket implements SocketLike {
  sent: string[] = [];
  closed = false;
  onopen: ((ev: never) => void) | null = null;
  onclose: ((ev: never) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: never) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
    this.onclose?.(undefined as never);
  }
  open() {
    this.onopen?.(undefined as never);
  }
  receive(msg: unknown) {
    this.onmessage?.(
      new MessageEvent('message', { data: typeof msg === 'string' ? msg : JSON.stringify(msg) }),
    );
  }
  drop() {
    this.onclose?.(undefined as never);
  }
  lastId(): number {
    return JSON.parse(this.sent.at(-1) ?? '{}').id;
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const t = createWsTransport('ws://h/ws', (url) => {
    const s = new FakeSocket(url);
    sockets.push(s);
    return s;
  });
  const statuses: LinkStatus[] = [];
  t.onStatus((s) => statuses.push(s));
  return { t, sockets, statuses, current: () => sockets.at(-1) as FakeSocket };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createWsTransport', () => {
  it('queues requests until the socket opens and resolves them by id', async () => {
    const { t, current } = setup();
    const p = t.invoke('rules:list', undefined);
    expect(current().sent).toEqual([]);
    current().open();
    expect(JSON.parse(current().sent[0] ?? '')).toEqual({ id: 1, channel: 'rules:list' });
    current().receive({ id: 1, result: { ok: true, value: [] } });
    expect(await p).toEqual({ ok: true, value: [] });
  });

  it('delivers valid events to subscribers and drops malformed ones', () => {
    const { t, current } = setup();
    current().open();
    const got: unknown[] = [];
    const off = t.subscribe('rules:changed', (p) => got.push(p));
    current().receive({ event: 'rules:changed', payload: [] });
    current().receive({ event: 'rules:changed', payload: [{ id: 'missing fields' }] });
    current().receive({ event: 'rules:exploded', payload: [] });
    current().receive('}{ not json');
    expect(got).toEqual([[]]);
    off();
    current().receive({ event: 'rules:changed', payload: [] });
    expect(got).toHaveLength(1);
  });

  it('fails pending and unsent requests when the socket drops, then reconnects with backoff', async () => {
    vi.useFakeTimers();
    const { t, sockets, statuses, current } = setup();
    current().open();
    const sent = t.invoke('app:info', undefined);
    current().drop();
    expect(await sent).toMatchObject({ ok: false, error: { kind: 'Network' } });
    expect(statuses).toEqual(['open', 'lost']);
    const queued = t.invoke('app:info', undefined);
    vi.advanceTimersByTime(backoff(0));
    expect(sockets).toHaveLength(2);
    current().drop(); // attempt refused: still lost, next attempt later
    expect(await queued).toMatchObject({ ok: false });
    vi.advanceTimersByTime(backoff(1));
    expect(sockets).toHaveLength(3);
    current().open();
    expect(statuses).toEqual(['open', 'lost', 'open']);
    expect(current().sent).toEqual([]); // nothing replayed behind the user's back
    t.close();
  });

  it('tells a late subscriber that the link is already open', () => {
    const { t, current } = setup();
    current().open();
    const seen: LinkStatus[] = [];
    t.onStatus((s) => seen.push(s));
    expect(seen).toEqual(['open']);
  });

  it('after close() answers requests with a Network error and does not reconnect', async () => {
    vi.useFakeTimers();
    const { t, sockets, current } = setup();
    current().open();
    t.close();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
    expect(await t.invoke('app:info', undefined)).toMatchObject({
      ok: false,
      error: { kind: 'Network' },
    });
  });

  it('retries when opening the socket throws', () => {
    vi.useFakeTimers();
    let tries = 0;
    const t = createWsTransport('ws://h/ws', (url) => {
      if (++tries === 1) throw new Error('SecurityError');
      return new FakeSocket(url);
    });
    expect(tries).toBe(1);
    vi.advanceTimersByTime(backoff(0));
    expect(tries).toBe(2);
    t.close();
  });

  it('caps the backoff at 5 s', () => {
    expect([0, 1, 2, 5, 10].map(backoff)).toEqual([250, 500, 1000, 5000, 5000]);
  });
});
