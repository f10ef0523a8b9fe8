/**
 * Agent scenarios of the fault matrix (kube-sim netns mode, root): the agent of an -L agent route
 * killed mid-transfer, an -R rule whose local target is down, and the -R agent killed. Each reports
 * the same row as the other scenarios; for -R the "connections" are requests made from another
 * pod, their reasons taken from the -R rule's connection records.
 */
import type { Server } from 'node:http';
import type { ConnectionView, RuleView } from '../shared/model.ts';
import { killAgentsIn } from '../electron/engine/reverse/testing/pod-netns.ts';
import { freePort } from '../electron/engine/testing/tcp-client.ts';
import { until } from '../testing/wait.ts';
import { midTransfer, recovery, type Ctx, type Scenario } from './matrix.ts';
import type { Transfer } from './transfer-client.ts';
import { requestFromPod, startLaptopServer } from './testing/laptop-target.ts';

const KiB = 1024;
const ROUTE = { to: 'api.example.test:80', target: 'deployment/py-serv' };

const pyServ = (ctx: Ctx) => ctx.w.sim.readyPods('default', 'app=py-serv');

/** SIGKILLs every Portside agent in the py-serv pods; returns how many died. */
function killAgents(ctx: Ctx): number {
  let n = 0;
  for (const p of pyServ(ctx))
    n += killAgentsIn({ name: p.metadata.name, ip: p.status.podIP as string });
  return n;
}

/** An -R steal of py-serv port 80 to 127.0.0.1:`port`, once every py-serv pod is caught. */
async function stealTo(ctx: Ctx, port: number): Promise<RuleView> {
  const rule = await ctx.w.engine.addRule({
    direction: 'R',
    spec: `80:${port}`,
    target: 'deployment/py-serv',
    kubeconfig: ctx.w.sim.kubeconfigPath,
  });
  await caught(ctx, rule.id);
  return rule;
}

function caught(ctx: Ctx, ruleId: string): Promise<unknown> {
  const view = () => ctx.w.engine.listRules().find((r) => r.id === ruleId);
  return until(
    () => {
      // `ready` comes before the port is caught; `mode` is set once the agent confirmed the steal.
      const ready = (view()?.agents ?? [])
        .filter((a) => a.state === 'ready' && a.mode === 'steal')
        .map((a) => a.pod);
      const pods = pyServ(ctx).map((p) => p.metadata.name);
      return pods.length > 0 && pods.every((n) => ready.includes(n));
    },
    () => `every py-serv pod caught (${JSON.stringify(view()?.agents)})`,
    60_000,
    100,
  );
}

const podIp = (ctx: Ctx): string => pyServ(ctx)[0]?.status.podIP as string;

/** Time from `since` until a request from another pod reaches the laptop and verifies. */
async function reverseRecovery(ctx: Ctx, since: number): Promise<{ ms: number; t: Transfer }> {
  let seed = 100;
  const t = await until(
    async () => {
      const r = await requestFromPod(ctx.w.sim, podIp(ctx), 64 * KiB, seed++);
      return r.verified ? r : undefined;
    },
    'a request from another pod reaching the laptop',
    60_000,
    100,
  );
  return { ms: Date.now() - since, t };
}

/** Gives each failed transfer the reason of one failed -R record (none left: lost silently). */
async function withReasons(ctx: Ctx, ruleId: string, ts: Transfer[]): Promise<Transfer[]> {
  const failedCount = ts.filter((t) => !t.verified).length;
  const failedRecords = (): ConnectionView[] =>
    ctx.w.engine.listConnections(ruleId).filter((c) => c.state === 'failed' && c.reason);
  await until(() => failedRecords().length >= failedCount, 'failed -R records', 5000, 50).catch(
    () => undefined,
  );
  const reasons = failedRecords().map((c) => c.reason as string);
  return ts.map((t) =>
    t.verified ? t : { ...t, ...(reasons.length ? { reason: reasons.shift() } : {}) },
  );
}

export const agentScenarios: Scenario[] = [
  {
    name: 'agent killed mid-transfer (-L agent route)',
    netns: ROUTE,
    async run(ctx) {
      const hs = await midTransfer(ctx, 4);
      const t0 = Date.now();
      if (killAgents(ctx) === 0) throw new Error('no agent process found in the py-serv pods');
      const transfers = await Promise.all(hs.map((h) => h.done));
      return { transfers, recoverMs: await recovery(ctx, t0) };
    },
  },
  {
    name: '-R local target down',
    netns: ROUTE,
    async run(ctx) {
      const port = await freePort();
      const rule = await stealTo(ctx, port);
      const down: Transfer[] = [];
      for (let i = 0; i < 4; i++)
        down.push(await requestFromPod(ctx.w.sim, podIp(ctx), 64 * KiB, i));
      const failed = await withReasons(ctx, rule.id, down);
      const t0 = Date.now();
      const server = await startLaptopServer(port);
      try {
        const { ms, t } = await reverseRecovery(ctx, t0);
        return { transfers: [...failed, t], recoverMs: ms };
      } finally {
        server.close();
      }
    },
  },
  {
    name: 'agent killed (-R)',
    netns: ROUTE,
    async run(ctx) {
      const port = await freePort();
      let release = (): void => undefined;
      const held = new Promise<void>((r) => (release = r));
      const server: Server = await startLaptopServer(port, { seed: 2, release: held });
      try {
        const rule = await stealTo(ctx, port);
        const before = await requestFromPod(ctx.w.sim, podIp(ctx), 256 * KiB, 1);
        // One response half sent and held open: the kill cuts a transfer in flight.
        const inFlight = requestFromPod(ctx.w.sim, podIp(ctx), 256 * KiB, 2);
        await until(
          () =>
            ctx.w.engine
              .listConnections(rule.id)
              .some((c) => c.state === 'open' && c.bytesUp >= 128 * KiB),
          'the held -R response flowing',
          20_000,
          50,
        );
        const t0 = Date.now();
        if (killAgents(ctx) === 0) throw new Error('no agent process found in the py-serv pods');
        const cut = await withReasons(ctx, rule.id, [await inFlight]);
        release();
        const { ms, t } = await reverseRecovery(ctx, t0);
        await caught(ctx, rule.id);
        return { transfers: [before, ...cut, t], recoverMs: ms };
      } finally {
        release();
        server.close();
      }
    },
  },
];
