/**
 * No file descriptor may outlive its connection or rule: after 200 connections through a rule, the
 * rule's removal and the expiry of the tunnel sessions kept idle for reuse (session-pool.ts: 15 s
 * by default, 1 s here so the wait is not a race with it), the process holds as many descriptors
 * as before (waited for, since sockets close asynchronously).
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../../testing/wait.ts';
import { rawRequest } from '../testing/raw-http.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';

const fds = (): number => readdirSync('/proc/self/fd').length;
const linux = process.platform === 'linux';
if (!linux) console.warn('fd-release test skipped: counting descriptors needs /proc (Linux)');

let w: SimWorld;
beforeAll(async () => {
  w = await startSimWorld(undefined, {
    dialerOptions: { pingIntervalMs: 0, pool: { idleMs: 1000 } },
  });
});
afterAll(async () => {
  await w?.close();
});

describe.runIf(linux)('descriptors after connections and rules', () => {
  it('returns to the baseline once the connections closed and the rule is removed', async () => {
    // Warm-up: the API keep-alive pool and the resolution cache's watches exist from here on.
    const warm = await w.forward({ to: 'py-serv:80' });
    await rawRequest(warm.port);
    const baseline = fds();
    const f = await w.forward({ to: 'py-serv:80' });
    const all = await Promise.all(Array.from({ length: 200 }, () => rawRequest(f.port)));
    expect(all.every((r) => r.status === 200)).toBe(true);
    await w.engine.removeRule(f.rule.id);
    const settled = await until(
      () => fds() <= baseline,
      () => `descriptors back to ${baseline} (now ${fds()})`,
      15_000,
      50,
    ).catch(() => false);
    console.log(`descriptors: baseline ${baseline}, after 200 connections and removal ${fds()}`);
    expect(settled).toBe(true);
  });
});
