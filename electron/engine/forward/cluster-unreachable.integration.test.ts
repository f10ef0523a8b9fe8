/** Against kube-sim: an idle rule whose API server goes away, then comes back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../testing/raw-http.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import { until } from '../../../testing/wait.ts';

let w: SimWorld;
beforeAll(async () => {
  w = await startSimWorld();
});
afterAll(async () => {
  await w?.close();
});

/** The issue's bound: an idle rule says the cluster is unreachable within 15 s. */
const ISSUE_BOUND_MS = 15_000;
/** Long enough to be noticed by an idle rule and to try a connection inside it. */
const OUTAGE_MS = 12_000;

describe('API server gone while a rule is idle (kube-sim)', () => {
  // First: the restart below leaves the client's pooled sockets to be reset, another wording.
  it('a frozen API server (no answers at all): the same within 15 s, no connection waits for it', async () => {
    // No connection before: the rule's checks read the API directly (no cache, no watch open).
    const { port, rule } = await w.forward({ to: 'py-serv:80' });
    const view = () => w.engine.listRules().find((r) => r.id === rule.id);
    const thawed = w.sim.freezeApiServer(OUTAGE_MS + 8_000);
    const down = await until(
      () => (view()?.state === 'reconnecting' ? view() : undefined),
      () => `reconnecting (is ${view()?.state}: ${view()?.reason})`,
      ISSUE_BOUND_MS,
    );
    expect(down.reason).toMatch(/^cluster unreachable: the cluster API did not answer within 10 s/);
    await expect(rawRequest(port)).rejects.toThrow();
    const failed = await until(
      () => w.engine.listConnections(rule.id).find((c) => c.state === 'failed'),
      'the connection made during the freeze to fail',
    );
    expect(`${failed.reason}; retrying`).toBe(down.reason);
    w.sim.thawApiServer();
    await thawed;
    await until(() => view()?.state === 'listening', 'listening again', ISSUE_BOUND_MS);
    expect((await rawRequest(port)).status).toBe(200);
  }, 60_000);

  it('says cluster unreachable, keeps listening, gives new connections the reason, recovers', async () => {
    const { port, rule } = await w.forward({ to: 'py-serv:80' });
    const view = () => w.engine.listRules().find((r) => r.id === rule.id);
    // One good request first: the rule then idles with its namespace cache synced and watching.
    expect((await rawRequest(port)).status).toBe(200);
    const back = w.sim.restartApiServer({ downMs: OUTAGE_MS });

    const down = await until(
      () => (view()?.state === 'reconnecting' ? view() : undefined),
      () => `reconnecting (is ${view()?.state}: ${view()?.reason})`,
      ISSUE_BOUND_MS,
    );
    expect(down.reason).toMatch(/^cluster unreachable: .+; retrying$/);
    expect(down.listenAddress).toBe(`127.0.0.1:${port}`);

    // The listener still accepts; the connection ends with the rule's reason.
    await expect(rawRequest(port)).rejects.toThrow();
    const failed = await until(
      () => w.engine.listConnections(rule.id).find((c) => c.state === 'failed'),
      'the connection made during the outage to fail',
    );
    expect(failed.reason).toMatch(/^cluster unreachable: /);
    expect(view()).toMatchObject({ state: 'reconnecting', reason: `${failed.reason}; retrying` });

    await back;
    await until(() => view()?.state === 'listening', 'listening again', ISSUE_BOUND_MS);
    expect((await rawRequest(port)).status).toBe(200);
  }, 60_000);
});
