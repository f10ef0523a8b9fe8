/**
 * -R end to end in kube-sim netns mode: steal on every Ready pod of a workload (iptables REDIRECT
 * in PREROUTING and OUTPUT), delivered to a local server; removed on stop; listen mode; refusals.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsUnavailableReason } from '../../../kube-sim/runtime/netns/available.ts';
import { demoWithExternalHost } from '../../../kube-sim/netns-tests/scenario.ts';
import type { RuleView } from '../../../shared/model.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import { freePort } from '../testing/tcp-client.ts';
import { until } from '../../../testing/wait.ts';
import { getFromPod, podNat } from './testing/pod-netns.ts';

const skipReason = netnsUnavailableReason();
if (skipReason) console.warn(`-R tests skipped: ${skipReason}`);

describe.skipIf(skipReason)('-R through the agent (netns)', () => {
  let w: SimWorld;
  let local: Server;
  let localPort: number;
  beforeAll(async () => {
    w = await startSimWorld(
      { scenario: await demoWithExternalHost(), network: 'netns' },
      { reversePodsEveryMs: 300 },
    );
    localPort = await freePort();
    local = createServer((_req, res) => res.end('from the laptop'));
    await new Promise<void>((r) => local.listen(localPort, '127.0.0.1', () => r()));
  }, 120_000);
  afterAll(async () => {
    local?.close();
    await w?.close();
  });

  const addR = async (spec: string, target?: string): Promise<RuleView> => {
    const added = await w.engine.addRule({
      direction: 'R',
      spec,
      kubeconfig: w.sim.kubeconfigPath,
      ...(target ? { target } : {}),
    });
    return added;
  };
  const view = (id: string): RuleView | undefined => w.engine.listRules().find((r) => r.id === id);
  const podIPs = (): string[] =>
    w.sim.readyPods('default', 'app=py-serv').map((p) => p.status.podIP as string);

  it('steals port 80 on every py-serv pod: pod IPs and the Service reach the laptop', async () => {
    const rule = await addR(`80:${localPort}`, 'deployment/py-serv');
    const live = await until(
      () => {
        const v = view(rule.id);
        if (v?.state === 'failed') throw new Error(v.reason);
        return v?.state === 'listening' && v.agents?.length === 2 ? v : undefined;
      },
      'both pods caught',
      60_000,
    );
    expect(live.agents?.map((a) => a.mode)).toEqual(['steal', 'steal']);
    for (const ip of podIPs())
      expect(await getFromPod(w.sim, 'shop', 'app=api', `http://${ip}/`)).toBe('from the laptop');
    for (let i = 0; i < 20; i++)
      expect(await getFromPod(w.sim, 'shop', 'app=api', 'http://py-serv.default/')).toBe(
        'from the laptop',
      );
    const conns = w.engine.listConnections(rule.id);
    expect(conns.length).toBeGreaterThanOrEqual(22);
    expect(conns[0]).toMatchObject({ route: 'agent', remote: `127.0.0.1:${localPort}` });
    expect(conns.every((c) => c.bytesDown > 0 && c.bytesUp > 0)).toBe(true);

    await w.engine.removeRule(rule.id);
    for (const p of w.sim.readyPods('default', 'app=py-serv')) {
      const ip = p.status.podIP as string;
      await until(
        async () => (await getFromPod(w.sim, 'shop', 'app=api', `http://${ip}/`)).includes('"pod"'),
        'the app answering again',
        15_000,
        200,
      );
      // The redirect goes first (the app answers), the empty chain right after.
      await until(
        () => !/PORTSIDE/.test(podNat({ name: p.metadata.name, ip })),
        'no Portside rule',
      );
    }
  });

  it('listen mode on a free port; nothing listening locally resets the client and says why', async () => {
    const dead = await freePort();
    const rule = await addR(`7777:${dead}`, 'deployment/py-serv');
    await until(() => view(rule.id)?.state === 'listening', 'listening', 60_000);
    expect(view(rule.id)?.agents?.every((a) => a.mode === 'listen')).toBe(true);
    const ip = podIPs()[0]!;
    expect(await getFromPod(w.sim, 'shop', 'app=api', `http://${ip}:7777/`)).toBe('');
    const failed = await until(() =>
      w.engine.listConnections(rule.id).find((c) => c.state === 'failed'),
    );
    expect(failed.reason).toMatch(`nothing listens on 127.0.0.1:${dead}`);
    expect(view(rule.id)?.reason).toMatch(/nothing listens/);
    await w.engine.removeRule(rule.id);
  });

  it('targetless -R is refused before anything starts', async () => {
    await expect(addR(`80:${localPort}`)).rejects.toThrow(/-R needs a target/);
  });
});
