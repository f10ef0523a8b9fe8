import { createServer, type Server, type Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import { startTestSim, type TestSim } from '../../../kube-sim/control/test-sim.ts';
import { createKubeApi } from './kube-api.ts';
import { withTimeLimit } from './time-limits.ts';

/** A server that accepts TCP and never answers: a frozen API server, a sleeping laptop's peer. */
let tarpit: Server;
const held = new Set<Socket>();
let sim: TestSim;

beforeAll(async () => {
  tarpit = createServer((s) => {
    held.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => tarpit.listen(0, '127.0.0.1', r));
  sim = await startTestSim();
});
afterAll(async () => {
  for (const s of held) s.destroy();
  await new Promise((r) => tarpit.close(r));
  await sim.sim.close();
});

function kubeconfigFor(server: string, ca?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, caData: ca, skipTLSVerify: false }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('API request time limits', () => {
  it('gives up on a server that accepts and never answers, naming the limit', async () => {
    const port = (tarpit.address() as { port: number }).port;
    const api = createKubeApi(kubeconfigFor(`https://127.0.0.1:${port}`), { apiMs: 300 });
    const err = await api.getPod('default', 'web').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PortsideError);
    expect((err as PortsideError).message).toBe(
      'the cluster API did not answer within 300 ms (reading pod "web" in "default"); it may be unreachable or frozen',
    );
  });

  it('names a TLS failure as one, not as an unreachable cluster', async () => {
    // No CA data: the sim's per-run CA is not trusted.
    const api = createKubeApi(kubeconfigFor(sim.sim.url));
    const err = (await api.getPod('default', 'web').catch((e: unknown) => e)) as PortsideError;
    expect(err.kind).toBe('Network');
    expect(err.message).toMatch(/^TLS failure talking to the cluster API: /);
    expect(err.message).not.toContain('cannot reach');
  });

  it('withTimeLimit settles with the work when it is fast enough', async () => {
    const never = new PortsideError('Network', 'late');
    expect(await withTimeLimit(Promise.resolve(7), 1000, () => never)).toBe(7);
    await expect(withTimeLimit(new Promise(() => {}), 10, () => never)).rejects.toBe(never);
  });
});
