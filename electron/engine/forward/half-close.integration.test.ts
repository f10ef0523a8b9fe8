/** Through the whole engine: a client's FIN reaches the pod, so FIN-waiting protocols work. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../../kube-sim/index.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import { exchange } from '../testing/tcp-client.ts';
import { until } from '../../../testing/wait.ts';

const SCENARIO = `
apiVersion: v1
kind: Pod
metadata: { name: tools, namespace: default, labels: { app: tools } }
spec:
  containers:
    - { name: sink, image: "portside/sim-sink:1", ports: [{ containerPort: 9000 }] }
`;

let w: SimWorld;
beforeAll(async () => {
  // A 1 ms half-close idle limit: were the FIN not delivered, the silent sink would be cut at once.
  w = await startSimWorld(
    { scenario: parseScenario(SCENARIO, 'tools.yaml') },
    { timing: { halfCloseIdleMs: 1 } },
  );
  await until(() => w.sim.readyPods('default').length > 0, 'tools pod ready', 20_000);
}, 30_000);
afterAll(async () => {
  await w?.close();
});

describe('half-close through -L', () => {
  it('the sink, which answers only after the client’s FIN, answers through the forward', async () => {
    const { rule, port } = await w.forward({ to: 'localhost:9000', target: 'pod/tools' });
    const body = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const res = await exchange(port, body, { halfClose: true });
    const sha = createHash('sha256').update(body).digest('hex');
    expect(res.received.toString()).toBe(`${body.length} ${sha}\n`);
    expect(res.gotEnd).toBe(true);
    const conn = await until(
      () => w.engine.listConnections(rule.id).find((c) => c.state === 'closed'),
      'connection closed',
    );
    expect(conn.bytesUp).toBe(body.length);
    expect(conn.bytesDown).toBe(res.received.length);
  });
});
