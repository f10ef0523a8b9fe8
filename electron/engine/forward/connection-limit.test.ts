import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../testing/wait.ts';
import { manualClock } from '../clock.ts';
import { createEngine } from '../create-engine.ts';
import { createFakeKube } from '../testing/fake-kube.ts';
import { connect, runCleanups, waitState, type Cleanups } from '../testing/engine-world.ts';
import { freePort } from '../testing/tcp-client.ts';
import { createForwarder } from './forwarder.ts';
import { limitReason } from './connection-limit.ts';
import type { RouteResolver } from './routes.ts';

const cleanups: Cleanups = [];
afterEach(() => runCleanups(cleanups));

describe('connections per rule', () => {
  it('refuses connections over the limit at once, with a counted reason', async () => {
    const session = createFakeKube().session(() => 'ws://127.0.0.1:1');
    // Routes never resolve: every accepted connection stays open ("connecting").
    const resolver: RouteResolver = { resolve: () => new Promise(() => {}) };
    const runner = createForwarder({
      sessions: async () => session,
      resolver,
      clock: manualClock(),
      maxConnectionsPerRule: 2,
    });
    const engine = createEngine({ newId: () => 'r1', runner });
    cleanups.push(() => engine.dispose());
    const port = await freePort();
    await engine.addRule({ direction: 'L', spec: `${port}:svc:80` });
    await waitState(engine, 'r1', 'listening');
    await connect(cleanups, port);
    await connect(cleanups, port);
    await until(() => engine.listConnections().length === 2, 'two open connections');
    const third = await connect(cleanups, port);
    await until(() => third.socket.destroyed || third.socket.readableEnded, 'the third closed');
    const refused = await until(
      () => engine.listConnections().find((c) => c.state === 'failed'),
      'the refused connection',
    );
    expect(refused.reason).toBe(limitReason(2));
    expect(engine.listConnections().filter((c) => c.state === 'connecting')).toHaveLength(2);
    await until(() => engine.listRules()[0]?.stats.failed === 1, 'the refusal counted');
  });
});
