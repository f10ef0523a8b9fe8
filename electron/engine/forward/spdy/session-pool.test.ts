import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.ts';
import { createSessionPool } from './session-pool.ts';
import type { TunnelOpen } from './spdy-session.ts';

/** A session whose upgrade the test answers, and which says 'idle' when its stream is done. */
class FakeSession extends EventEmitter {
  closed = false;
  closeReason: string | undefined;
  readonly opened: Promise<TunnelOpen>;
  answer!: (r: TunnelOpen) => void;
  constructor() {
    super();
    this.opened = new Promise((r) => (this.answer = r));
  }
  close(reason = 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.emit('close', reason);
  }
  /** The one stream on it was released. */
  done(): void {
    this.emit('idle');
  }
}

const refused: TunnelOpen = { ok: false, status: 400, error: new Error('no') as never };
const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(
  opts: {
    maxIdle?: number;
    maxIdleTotal?: number;
    warm?: number;
    spareBelow?: number;
    idleMs?: number;
  } = {},
) {
  const clock = manualClock();
  const pool = createSessionPool<FakeSession>({ clock, ...opts });
  const made: FakeSession[] = [];
  const open = (): FakeSession => {
    const s = new FakeSession();
    made.push(s);
    return s;
  };
  return { clock, pool, made, open };
}

describe('createSessionPool', () => {
  it('opens nothing before the first connection of a key (lazy)', () => {
    const { pool, made } = setup();
    expect(pool.take('pod-a')).toBeUndefined();
    expect(made).toHaveLength(0);
  });

  it('warms spares once the first session is accepted, and hands them out', async () => {
    const { pool, made, open } = setup({ warm: 2 });
    const first = pool.open('pod-a', open);
    expect(made).toHaveLength(1); // no spares before the cluster accepted a tunnel
    first.answer({ ok: true });
    await flush();
    expect(made).toHaveLength(3);
    for (const s of made.slice(1)) s.answer({ ok: true });
    await flush();
    expect(pool.idleCount('pod-a')).toBe(2);
    const next = pool.take('pod-a');
    expect(next === made[1] || next === made[2]).toBe(true);
    expect(pool.idleCount('pod-a')).toBe(1);
    expect(made).toHaveLength(4); // topped up in the background
  });

  it('gives a released session to the next connection instead of closing it', async () => {
    const { pool, open } = setup({ warm: 0 });
    const s = pool.open('pod-a', open);
    s.answer({ ok: true });
    await flush();
    s.done();
    expect(s.closed).toBe(false);
    expect(pool.take('pod-a')).toBe(s);
    expect(pool.take('pod-a')).toBeUndefined(); // busy again: one connection per session
  });

  it('keeps no spares after a refused tunnel', async () => {
    const { pool, made, open } = setup({ warm: 2 });
    pool.open('pod-a', open).answer(refused);
    await flush();
    expect(made).toHaveLength(1);
  });

  it('closes idle sessions after idleMs, and beyond maxIdle at once', async () => {
    const { clock, pool, open } = setup({ warm: 0, maxIdle: 1, idleMs: 1000 });
    const a = pool.open('pod-a', open);
    const b = pool.open('pod-a', open);
    a.answer({ ok: true });
    b.answer({ ok: true });
    await flush();
    a.done();
    b.done();
    expect([a.closed, b.closed]).toEqual([false, true]);
    clock.advance(999);
    expect(a.closed).toBe(false);
    clock.advance(1);
    expect(a.closed).toBe(true);
    expect(pool.take('pod-a')).toBeUndefined();
  });

  it('keeps as many idle sessions as were busy at once, so a second burst opens none', async () => {
    const { pool, made, open } = setup({ warm: 0 });
    const burst = Array.from({ length: 200 }, () => pool.open('pod-a', open));
    for (const s of burst) s.answer({ ok: true });
    await flush();
    for (const s of burst) s.done();
    expect(pool.idleCount('pod-a')).toBe(200);
    const again = Array.from({ length: 200 }, () => pool.take('pod-a'));
    expect(new Set(again)).toEqual(new Set(burst));
    expect(made).toHaveLength(200);
  });

  /** Three connections on two new sessions (`a` reused mid-burst); `a` still busy at the end. */
  async function burstOfThree(t: ReturnType<typeof setup>) {
    const { pool, made, open } = t;
    const [a, b] = [pool.open('pod-a', open), pool.open('pod-a', open)] as [
      FakeSession,
      FakeSession,
    ];
    a.answer({ ok: true });
    await flush();
    a.done(); // released while b still handshakes: the burst goes on
    expect(pool.take('pod-a')).toBe(a); // a third connection reuses a: two sessions for three
    expect(made).toHaveLength(2);
    b.answer({ ok: true });
    await flush();
    b.done(); // 1 of 2 busy and the misses are open: mostly over
    return { a, b };
  }

  it('after a burst that outran it, tops up to its connections once it has mostly ended', async () => {
    const t = setup({ warm: 0 });
    const { pool, made } = t;
    const { a } = await burstOfThree(t);
    expect(made).toHaveLength(3); // one spare: three sessions for the three connections
    made[2]!.answer({ ok: true });
    await flush();
    a.done();
    expect(pool.idleCount('pod-a')).toBe(3);
    // A burst of three from idle sessions misses nothing, so nothing more is opened after it.
    const again = [1, 2, 3].map(() => pool.take('pod-a'));
    for (const s of again) s!.done();
    expect(made).toHaveLength(3);
  });

  it('grows again when more of the same burst arrives after it first grew', async () => {
    const t = setup({ warm: 0 });
    const { pool, made, open } = t;
    const { a, b } = await burstOfThree(t);
    expect(made).toHaveLength(3); // one spare for three connections
    made[2]!.answer({ ok: true });
    await flush();
    // The burst goes on while `a` is still busy: two more from idle sessions, one miss.
    expect(pool.take('pod-a')).toBe(made[2]);
    expect(pool.take('pod-a')).toBe(b);
    const c = pool.open('pod-a', open);
    c.answer({ ok: true });
    await flush();
    for (const s of [a, made[2]!, b]) s.done();
    // Six connections arrived in the burst and four sessions exist: two spares, not a fresh count.
    expect(made).toHaveLength(6);
  });

  it('opens no spares while a key already has many sessions (a burst is served by demand)', async () => {
    const { pool, made, open } = setup({ warm: 2, spareBelow: 4 });
    const burst = Array.from({ length: 4 }, () => pool.open('pod-a', open));
    for (const s of burst) s.answer({ ok: true });
    await flush();
    expect(made).toHaveLength(4); // the first acceptance found 4 live sessions: no spares
    burst[0]!.done();
    expect(pool.take('pod-a')).toBe(burst[0]);
    expect(made).toHaveLength(4);
  });

  it('beyond maxIdleTotal closes the oldest idle session, of whatever key', async () => {
    const { pool, open } = setup({ warm: 0, maxIdleTotal: 2 });
    const [a, b, c] = ['pod-a', 'pod-b', 'pod-c'].map((k) => pool.open(k, open)) as [
      FakeSession,
      FakeSession,
      FakeSession,
    ];
    for (const s of [a, b, c]) s.answer({ ok: true });
    await flush();
    for (const s of [a, b, c]) s.done();
    expect([a.closed, b.closed, c.closed]).toEqual([true, false, false]);
    expect(pool.idleCount('pod-a')).toBe(0);
    expect(pool.take('pod-c')).toBe(c);
  });

  it('never hands out a session that died while idle, and opens afresh after', async () => {
    const { pool, open } = setup({ warm: 0 });
    const s = pool.open('pod-a', open);
    s.answer({ ok: true });
    await flush();
    s.done();
    s.close('the connection to the API server was lost');
    expect(pool.idleCount('pod-a')).toBe(0);
    expect(pool.take('pod-a')).toBeUndefined();
  });

  it('close() closes idle sessions and does not keep busy ones when they finish', async () => {
    const { pool, open } = setup({ warm: 0 });
    const idle = pool.open('pod-a', open);
    const busy = pool.open('pod-a', open);
    idle.answer({ ok: true });
    busy.answer({ ok: true });
    await flush();
    idle.done();
    pool.close();
    expect(idle.closed).toBe(true);
    expect(busy.closed).toBe(false);
    busy.done();
    expect(busy.closed).toBe(true);
  });

  it('keeps keys apart', async () => {
    const { pool, open } = setup({ warm: 0 });
    const s = pool.open('pod-a', open);
    s.answer({ ok: true });
    await flush();
    s.done();
    expect(pool.take('pod-b')).toBeUndefined();
    expect(pool.take('pod-a')).toBe(s);
  });
});
