import { describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import { manualClock } from '../clock.ts';
import type { RuleStatus } from '../rules/rule-store.ts';
import { until } from '../../../testing/wait.ts';
import { createRuleHealth } from './rule-health.ts';

const refused = new PortsideError('Network', 'cannot reach the cluster API: connect ECONNREFUSED');

/** A health whose check answers from `next` (a value, or a promise the test settles). */
function setup() {
  const clock = manualClock();
  const states: RuleStatus[] = [];
  let checks = 0;
  const box: { next: () => Promise<PortsideError | undefined> } = {
    next: async () => undefined,
  };
  const health = createRuleHealth({
    clock,
    listenAddress: '127.0.0.1:1',
    retryMs: 5000,
    watchMs: 5000,
    admitGraceMs: 1000,
    check: () => {
      checks++;
      return box.next();
    },
    publish: (s) => states.push(s),
  });
  const last = () => states.at(-1);
  return { clock, states, health, box, last, checks: () => checks };
}

describe('rule health', () => {
  it('re-checks while listening: notices the cluster going away and coming back on its own', async () => {
    const h = setup();
    await h.health.checkNow();
    expect(h.last()).toEqual({ state: 'listening', listenAddress: '127.0.0.1:1' });
    h.box.next = async () => refused;
    h.clock.advance(5000);
    await until(() => h.last()?.state === 'reconnecting', 'reconnecting');
    expect(h.last()).toEqual({
      state: 'reconnecting',
      reason: 'cluster unreachable: cannot reach the cluster API: connect ECONNREFUSED; retrying',
      listenAddress: '127.0.0.1:1',
    });
    h.box.next = async () => undefined;
    h.clock.advance(5000);
    await until(() => h.last()?.state === 'listening', 'listening again');
    expect(h.checks()).toBe(3);
    h.health.stop();
    expect(h.clock.pending()).toBe(0);
  });

  it('is degraded (not unreachable) for a missing target, and admits connections then', async () => {
    const h = setup();
    h.box.next = async () => new PortsideError('TargetNotFound', 'pod "p" not found');
    await h.health.checkNow();
    expect(h.last()).toMatchObject({ state: 'degraded', reason: 'pod "p" not found' });
    expect(await h.health.admit()).toBeUndefined();
  });

  it('fails a connection at once with the known reason when a fresh check fails too', async () => {
    const h = setup();
    h.box.next = async () => refused;
    await h.health.checkNow();
    const err = await h.health.admit();
    expect(err?.message).toBe(
      'cluster unreachable: cannot reach the cluster API: connect ECONNREFUSED',
    );
    // Reported back by the connection, the reason is not worded twice.
    h.health.report(err);
    expect(h.last()?.reason).toBe(
      'cluster unreachable: cannot reach the cluster API: connect ECONNREFUSED; retrying',
    );
  });

  it('does not wait for a hanging API: the known reason after the short grace', async () => {
    const h = setup();
    h.box.next = async () => refused;
    await h.health.checkNow();
    h.box.next = () => new Promise(() => {});
    const admitted = h.health.admit();
    h.clock.advance(1000);
    expect((await admitted)?.message).toMatch(/^cluster unreachable: /);
  });

  it('tries a connection normally once the cluster answers again', async () => {
    const h = setup();
    h.box.next = async () => refused;
    await h.health.checkNow();
    h.box.next = async () => undefined;
    expect(await h.health.admit()).toBeUndefined();
    expect(h.last()?.state).toBe('listening');
    // A listening rule admits without any check.
    const before = h.checks();
    expect(await h.health.admit()).toBeUndefined();
    expect(h.checks()).toBe(before);
  });

  it('a failed connection re-checks retryMs after it; stop cancels every timer', async () => {
    const h = setup();
    await h.health.checkNow();
    h.clock.advance(3000);
    h.health.report(refused);
    expect(h.last()?.state).toBe('reconnecting');
    h.clock.advance(4999);
    expect(h.checks()).toBe(1);
    h.clock.advance(1);
    await until(() => h.last()?.state === 'listening', 'healed by the re-check');
    expect(h.checks()).toBe(2);
    h.health.stop();
    h.clock.advance(60_000);
    expect(h.checks()).toBe(2);
  });
});
