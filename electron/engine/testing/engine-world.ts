/** A fake-cluster world for engine tests: fake API, a v4 test kubelet, apps per pod, manual clock. */
import type { ConnectionView, RuleView } from '../../../shared/model.ts';
import type { Engine } from '../api/engine.ts';
import { manualClock, type ManualClock } from '../clock.ts';
import { createEngine } from '../create-engine.ts';
import { createFakeKube, type FakeKube } from './fake-kube.ts';
import { connect as rawConnect } from './tcp-client.ts';
import type { App } from './test-apps.ts';
import { startV4Server, type V4Server } from './v4-server.ts';
import { until } from '../../../testing/wait.ts';

/** Cleanup functions run in reverse order by the test file's afterEach. */
export type Cleanups = Array<() => Promise<void> | void>;

export async function runCleanups(cleanups: Cleanups): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c();
}

export interface World {
  engine: Engine;
  kube: FakeKube;
  server: V4Server;
  clock: ManualClock;
}

/** Pods are backed by apps keyed by pod name; the fake kubelet dials them. */
export async function world(cleanups: Cleanups, apps: Record<string, App>): Promise<World> {
  const map = new Map(Object.entries(apps));
  for (const a of map.values()) cleanups.push(() => a.close());
  const server = await startV4Server({ backend: (_ns, pod) => map.get(pod) });
  cleanups.push(() => server.close());
  const kube = createFakeKube();
  const session = kube.session(server.url);
  const clock = manualClock();
  let n = 0;
  const engine = createEngine({
    newId: () => `r${++n}`,
    sessions: async () => session,
    clock,
    dialerOptions: { pingIntervalMs: 0 },
  });
  cleanups.push(() => engine.dispose());
  return { engine, kube, server, clock };
}

/** Connects a test client that is destroyed at cleanup. */
export async function connect(cleanups: Cleanups, port: number): ReturnType<typeof rawConnect> {
  const c = await rawConnect(port);
  cleanups.push(() => void c.socket.destroy());
  return c;
}

const ruleState = (e: Engine, id: string): RuleView | undefined =>
  e.listRules().find((r) => r.id === id);

export const waitState = (e: Engine, id: string, state: RuleView['state']): Promise<RuleView> =>
  until(
    () => {
      const r = ruleState(e, id);
      return r?.state === state ? r : undefined;
    },
    () => `rule ${id} ${state} (is ${ruleState(e, id)?.state}: ${ruleState(e, id)?.reason})`,
  );

export const waitConn = (
  e: Engine,
  pred: (c: ConnectionView) => boolean,
  what: string,
): Promise<ConnectionView> => until(() => e.listConnections().find(pred), what);
