/** Starts kube-sim (loopback runtime) plus an engine pointed at its kubeconfig, for integration tests. */
import { createSim, type Sim } from '../../../kube-sim/index.ts';
import type { RuleInput, RuleView } from '../../../shared/model.ts';
import type { Engine } from '../api/engine.ts';
import { createEngine, type EngineDeps } from '../create-engine.ts';
import { freePort } from './tcp-client.ts';
import { until } from '../../../testing/wait.ts';

export interface SimWorld {
  sim: Sim;
  engine: Engine;
  /** Adds an enabled rule on a fresh local port and waits until it listens. */
  forward(
    input: Omit<RuleInput, 'spec' | 'direction'> & { to: string },
  ): Promise<{ rule: RuleView; port: number }>;
  close(): Promise<void>;
}

export async function startSimWorld(
  scenario: Parameters<typeof createSim>[0] = { scenario: 'demo' },
  deps: EngineDeps = {},
): Promise<SimWorld> {
  const sim = await createSim({ replaceDelayMs: 200, ...scenario });
  await sim.waitForWorkloads({ timeoutMs: 20_000 });
  const engine = createEngine({ dialerOptions: { pingIntervalMs: 0 }, ...deps });
  return {
    sim,
    engine,
    async forward({ to, ...rest }) {
      const port = await freePort();
      const added = await engine.addRule({
        direction: 'L',
        spec: `${port}:${to}`,
        kubeconfig: sim.kubeconfigPath,
        ...rest,
      });
      const rule = await until(
        () => {
          const r = engine.listRules().find((x) => x.id === added.id);
          if (r?.state === 'failed') throw new Error(`rule failed: ${r.reason}`);
          return r?.state === 'listening' ? r : undefined;
        },
        `rule ${to} listening`,
        10_000,
      );
      return { rule, port };
    },
    async close() {
      await engine.dispose();
      await sim.close();
    },
  };
}

/**
 * Rolls the demo's py-serv Deployment and waits until both replicas are new pods and the old ones
 * are gone; returns the names of the pods it replaced.
 */
export async function rollPyServ(sim: Sim): Promise<Set<string>> {
  const names = (pods: { metadata: { name: string } }[]): string[] =>
    pods.map((p) => p.metadata.name);
  const old = new Set(names(sim.readyPods('default', 'app=py-serv')));
  sim.rolloutRestart('deployment', 'default', 'py-serv');
  await sim.waitFor(
    () => {
      const ready = names(sim.readyPods('default', 'app=py-serv'));
      const all = sim.listPods('default', 'app=py-serv');
      return ready.length === 2 && all.length === 2 && ready.every((n) => !old.has(n));
    },
    { timeoutMs: 15_000, what: 'the rollout to finish' },
  );
  return old;
}
