/**
 * Keep-alive for SPDY port-forward sessions: one pool per pod, each session carrying ONE connection at a
 * time (so a slow reader can only ever pause its own session, see README.md in forward/), handed
 * to the next connection once its stream is released instead of being closed.
 *
 * - lazy: nothing is opened before the first connection of a key;
 * - warm: once the cluster accepted a key's first session, and after every reuse, idle + opening
 *   sessions are topped up to `warm` in the background, while the key has few sessions (a burst
 *   grows the pool by demand and keeps it by use; spares opened at its end would be surplus);
 * - sized by use: a released session is kept, so a key keeps as many idle sessions as it recently
 *   had connections at once (a burst of 200 is followed by 200 warm sessions, not 200 handshakes);
 * - grown after a shortage: a burst that outran the pool (a connection found no idle session)
 *   reuses sessions released mid-burst, so use alone leaves the pool short of the burst, and every
 *   later miss costs a handshake on both sides. Once such a burst has mostly ended, spares top the
 *   key up to the burst's size (burst-meter.ts: its connections, counted from its start within
 *   `burstWindowMs` windows), so the next burst like it finds them all warm;
 * - bounded: at most `maxIdle` idle per key and `maxIdleTotal` in all (the oldest idle one goes
 *   first); an idle session closes after `idleMs`;
 * - a session that dies (idle or busy) leaves the pool at once; its stream ends with the reason.
 */
import type { Clock } from '../../clock.ts';
import { BurstMeter } from './burst-meter.ts';
import type { TunnelOpen } from './spdy-session.ts';

/** What the pool needs from a session (SpdySession satisfies it; tests pass fakes). */
export interface PooledSession {
  readonly opened: Promise<TunnelOpen>;
  readonly closed: boolean;
  close(reason?: string): void;
  /** 'idle': its last stream was released; 'close': it ended. */
  on(event: 'idle', listener: () => void): unknown;
  once(event: 'close', listener: () => void): unknown;
}

export interface SessionPoolOptions {
  clock: Clock;
  /** Idle sessions kept per key. */
  maxIdle?: number;
  /** Idle sessions kept over all keys; beyond it the oldest idle session is closed. */
  maxIdleTotal?: number;
  /** An idle session is closed after this long unused. */
  idleMs?: number;
  /** Spare sessions opened in the background after a use that found none idle. */
  warm?: number;
  /** No spares once a key has this many sessions (busy, idle or opening). */
  spareBelow?: number;
  /** Connections closer together than this belong to one burst (burst-meter.ts). */
  burstWindowMs?: number;
}

interface Entry<S> {
  idle: S[];
  warming: number;
  /** Sessions opened for a connection (a miss) still handshaking. */
  opening: number;
  /** Since the pool last grew: the most sessions busy (carrying a connection or opening for one). */
  peakBusy: number;
  burst: BurstMeter;
  /** Sessions of this key not yet closed (idle, busy or opening): the entry lives while any do. */
  live: number;
  timers: Map<S, () => void>;
  /** How the last session of this key was opened; spares are opened the same way. */
  open: () => S;
}

export interface SessionPool<S extends PooledSession> {
  /** An idle, still open session of `key` (now busy), after topping up the spares. */
  take(key: string): S | undefined;
  /** Opens a session for `key` (busy; await its `opened`) and remembers how, for spares. */
  open(key: string, open: () => S): S;
  /** Idle sessions per key (for tests and the bench). */
  idleCount(key: string): number;
  /** Closes every idle session; busy ones close when their stream ends. */
  close(): void;
}

export function createSessionPool<S extends PooledSession>(
  opts: SessionPoolOptions,
): SessionPool<S> {
  const maxIdle = opts.maxIdle ?? 256;
  const maxIdleTotal = opts.maxIdleTotal ?? 512;
  const idleMs = opts.idleMs ?? 15_000;
  const warm = opts.warm ?? 2;
  const spareBelow = opts.spareBelow ?? 16;
  const burstWindowMs = opts.burstWindowMs ?? 500;
  const entries = new Map<string, Entry<S>>();
  /** Every idle session with its entry, oldest first (a Map keeps insertion order). */
  const allIdle = new Map<S, Entry<S>>();
  let closed = false;

  const newEntry = (key: string, open: () => S): Entry<S> => {
    const burst = new BurstMeter(() => opts.clock.now(), burstWindowMs);
    const fresh = { idle: [], warming: 0, opening: 0, peakBusy: 0, live: 0 };
    const e: Entry<S> = { ...fresh, burst, timers: new Map(), open };
    entries.set(key, e);
    return e;
  };

  const forget = (key: string, e: Entry<S>): void => {
    if (e.live === 0 && entries.get(key) === e) entries.delete(key);
  };

  const dropIdle = (e: Entry<S>, s: S): void => {
    const i = e.idle.indexOf(s);
    if (i >= 0) e.idle.splice(i, 1);
    allIdle.delete(s);
    e.timers.get(s)?.();
    e.timers.delete(s);
  };

  /** Puts a session back: kept idle (with a timer) if there is room, else closed. */
  const park = (key: string, e: Entry<S>, s: S): void => {
    if (
      closed ||
      s.closed ||
      e.idle.length >= maxIdle ||
      maxIdleTotal <= 0 ||
      entries.get(key) !== e
    )
      return s.close('the idle port-forward session was not kept');
    if (allIdle.size >= maxIdleTotal) {
      const [oldest, of] = allIdle.entries().next().value as [S, Entry<S>];
      dropIdle(of, oldest);
      oldest.close('the idle port-forward session was not kept');
    }
    e.idle.push(s);
    allIdle.set(s, e);
    const expire = (): void => {
      dropIdle(e, s);
      s.close('the port-forward session was idle');
    };
    e.timers.set(s, opts.clock.setTimeout(expire, idleMs));
    if (e.opening === 0 && busy(e) <= e.peakBusy / 2) settle(key, e);
  };

  const busy = (e: Entry<S>): number => e.live - e.idle.length - e.warming;
  /** A connection took (or opened) a session, which now counts as busy. */
  const arrived = (e: Entry<S>, miss: boolean): void => {
    e.burst.arrive(miss, busy(e) - 1);
    e.peakBusy = Math.max(e.peakBusy, busy(e));
  };

  /**
   * A burst has mostly ended and its misses are open: after a shortage, grow (see the top). Only
   * the missing sessions are opened, so checking again later in the same burst opens the rest.
   */
  const settle = (key: string, e: Entry<S>): void => {
    const want = Math.min(maxIdle, e.burst.wanted);
    const room = maxIdleTotal - allIdle.size - e.warming;
    const n = Math.min(want - e.live, room);
    e.peakBusy = busy(e);
    for (let i = 0; i < n; i++) startSpare(key, e);
  };

  /** Every session of a key, spare or busy, comes back here when its last stream is released. */
  const adopt = (key: string, e: Entry<S>, s: S): S => {
    e.live++;
    s.on('idle', () => park(key, e, s));
    s.once('close', () => {
      e.live--;
      dropIdle(e, s);
      forget(key, e);
    });
    return s;
  };

  const startSpare = (key: string, e: Entry<S>): void => {
    e.warming++;
    const s = adopt(key, e, e.open());
    const done = (ok: boolean): void => {
      e.warming--;
      if (ok && !s.closed) park(key, e, s);
      else if (!s.closed) s.close('the spare port-forward session was refused');
    };
    // A spare that fails is dropped quietly: the next connection opens its own and says why.
    s.opened.then(
      (r) => done(r.ok),
      () => done(false),
    );
  };

  const topUp = (key: string, e: Entry<S>): void => {
    if (closed) return;
    for (let n = e.idle.length + e.warming; n < warm && e.live < spareBelow; n++)
      startSpare(key, e);
  };

  return {
    take(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      let found: S | undefined;
      while (!found && e.idle.length > 0) {
        const s = e.idle.pop() as S;
        dropIdle(e, s);
        if (!s.closed) found = s;
      }
      if (found) arrived(e, false);
      if (found) topUp(key, e);
      return found;
    },
    open(key, open) {
      const e = entries.get(key) ?? newEntry(key, open);
      e.open = open;
      e.opening++;
      const s = adopt(key, e, open());
      arrived(e, true);
      // Spares only once the cluster has accepted a tunnel: a refusal would refuse them too.
      const settled = (ok: boolean): void => {
        e.opening--;
        if (ok) topUp(key, e);
        else e.burst.forgetMisses();
      };
      s.opened.then(
        (r) => settled(r.ok),
        () => settled(false),
      );
      return s;
    },
    idleCount: (key) => entries.get(key)?.idle.length ?? 0,
    close() {
      closed = true;
      for (const e of entries.values())
        for (const s of [...e.idle]) {
          dropIdle(e, s);
          s.close('Portside stopped forwarding');
        }
      entries.clear();
      allIdle.clear();
    },
  };
}
