/** The fault scenarios of the matrix (issue #12); the agent ones (netns mode) are in agent-scenarios.ts. */
import { rollPyServ } from '../electron/engine/testing/sim-world.ts';
import { midTransfer, recovery, type Ctx, type Scenario } from './matrix.ts';
import { startTransfer, type Transfer } from './transfer-client.ts';
import { execCredentials } from './testing/exec-credentials.ts';
import { agentScenarios } from './agent-scenarios.ts';

const MiB = 1024 * 1024;
const all = (hs: Array<{ done: Promise<Transfer> }>): Promise<Transfer[]> =>
  Promise.all(hs.map((h) => h.done));

/** The pods currently carrying open connections of the rule. */
const busyPods = (ctx: Ctx): string[] => [
  ...new Set(
    ctx.w.engine
      .listConnections(ctx.ruleId)
      .filter((c) => c.state === 'open' && c.pod)
      .map((c) => c.pod as string),
  ),
];

export const scenarios: Scenario[] = [
  {
    name: 'pod deleted mid-transfer',
    async run(ctx) {
      const hs = await midTransfer(ctx, 4);
      const t0 = Date.now();
      for (const pod of busyPods(ctx))
        ctx.w.sim.deletePod('default', pod, { gracePeriodSeconds: 0 });
      const transfers = await all(hs);
      return { transfers, recoverMs: await recovery(ctx, t0) };
    },
  },
  {
    name: 'rollout',
    async run(ctx) {
      const hs = await midTransfer(ctx, 4);
      const t0 = Date.now();
      await rollPyServ(ctx.w.sim);
      const transfers = await all(hs);
      return { transfers, recoverMs: await recovery(ctx, t0) };
    },
  },
  {
    name: 'API server restarted mid-transfer',
    async run(ctx) {
      const hs = await midTransfer(ctx, 4);
      const t0 = Date.now();
      await ctx.w.sim.restartApiServer({ downMs: 1000 });
      const transfers = await all(hs);
      return { transfers, recoverMs: await recovery(ctx, t0) };
    },
  },
  {
    name: 'API server restarted idle',
    async run(ctx) {
      const before = await startTransfer(ctx.port, MiB).done;
      const t0 = Date.now();
      await ctx.w.sim.restartApiServer({ downMs: 1000 });
      return { transfers: [before], recoverMs: await recovery(ctx, t0) };
    },
  },
  {
    name: 'API server frozen (sockets kept open)',
    async run(ctx) {
      const hs = await midTransfer(ctx, 4);
      const thawed = ctx.w.sim.freezeApiServer(ctx.d.freezeMs);
      // A connection opened during the freeze must not be lost: delivered after, or a reason.
      const during = startTransfer(ctx.port, MiB, 7);
      await thawed;
      // Recovery is measured from the thaw, while the held transfers finish alongside.
      const [transfers, recoverMs] = await Promise.all([all([...hs, during]), recovery(ctx)]);
      return { transfers, recoverMs };
    },
  },
  {
    name: 'API server gone (connections during the outage)',
    async run(ctx) {
      const back = ctx.w.sim.restartApiServer({ downMs: ctx.d.outageMs });
      // While it is gone, new connections must end with a reason, not hang until it returns.
      const during = await all(
        Array.from({ length: 4 }, (_, i) => startTransfer(ctx.port, MiB, i)),
      );
      const rule = ctx.w.engine.listRules().find((r) => r.id === ctx.ruleId);
      if (rule?.state !== 'reconnecting' && rule?.state !== 'degraded')
        throw new Error(`the rule says ${rule?.state} during the outage`);
      await back;
      return { transfers: during, recoverMs: await recovery(ctx) };
    },
  },
  {
    name: 'credentials rotated (exec plugin, 401 then refresh)',
    async run(base) {
      const { sim } = base.w;
      const cred = execCredentials(sim.url, sim.caPem, sim.token);
      try {
        const f = await base.w.forward({ to: 'py-serv:80', kubeconfig: cred.kubeconfig });
        const ctx: Ctx = { ...base, port: f.port, ruleId: f.rule.id };
        const before = await startTransfer(ctx.port, MiB, 1).done;
        const rotated = 'rotated-token-0123456789';
        cred.setToken(rotated);
        sim.rotateToken(rotated);
        const t0 = Date.now();
        // The first connection still carries the cached, now refused token.
        const first = await startTransfer(ctx.port, MiB, 2).done;
        return { transfers: [before, first], recoverMs: await recovery(ctx, t0, 30_000) };
      } finally {
        cred.cleanup();
      }
    },
  },
  {
    name: 'upgrades refused',
    async run(ctx) {
      ctx.w.sim.refuseUpgrades('all');
      const refused = await all(
        Array.from({ length: 4 }, (_, i) => startTransfer(ctx.port, MiB, i)),
      );
      ctx.w.sim.refuseUpgrades('none');
      const t0 = Date.now();
      return { transfers: refused, recoverMs: await recovery(ctx, t0) };
    },
  },
  {
    name: 'streams closed',
    async run(ctx) {
      const hs = await midTransfer(ctx, 4);
      const t0 = Date.now();
      ctx.w.sim.closeStreams();
      const transfers = await all(hs);
      return { transfers, recoverMs: await recovery(ctx, t0) };
    },
  },
  {
    name: 'slow reader',
    async run(ctx) {
      const slow = startTransfer(ctx.port, 64 * MiB, 5);
      slow.socket.pause();
      // The others complete while one reader does not read at all.
      const others = await all(
        Array.from({ length: 8 }, (_, i) => startTransfer(ctx.port, 4 * MiB, i)),
      );
      slow.socket.resume();
      return { transfers: [...others, await slow.done], recoverMs: null };
    },
  },
  {
    name: `storm of connections`,
    async run(ctx) {
      const hs = Array.from({ length: ctx.d.storm }, (_, i) =>
        startTransfer(ctx.port, 64 * 1024, i),
      );
      const transfers = await all(hs);
      return { transfers, recoverMs: null };
    },
  },
  ...agentScenarios,
];
