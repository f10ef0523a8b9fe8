/**
 * The fault matrix: each scenario runs real transfers through a Portside forward into kube-sim,
 * injects one fault, and reports what happened to every byte. A byte is either verified (sha256)
 * at the client, or its connection ended with a reason the user can read; anything else is
 * "lost silently". Used by `npm run faults` (faults/run.ts) and by faults/faults.test.ts.
 */
import type { ConnectionView } from '../shared/model.ts';
import { startSimWorld, type SimWorld } from '../electron/engine/testing/sim-world.ts';
import { demoWithExternalHost } from '../kube-sim/netns-tests/scenario.ts';
import { netnsUnavailableReason } from '../kube-sim/runtime/netns/available.ts';
import { until } from '../testing/wait.ts';
import { startTransfer, type Transfer, type TransferHandle } from './transfer-client.ts';

/** One row of reports/faults.json (the shape). */
export interface FaultRow {
  scenario: string;
  connections: number;
  bytesSent: number;
  bytesVerified: number;
  failed: Array<{ reason: string; count: number }>;
  lostSilently: number;
  recoverMs: number | null;
}

export interface Durations {
  /** How long the API server stays frozen (the figure: 30 s). */
  freezeMs: number;
  /** Connections in the storm (the figure: 1,000). */
  storm: number;
  /** Size of each mid-transfer download. */
  bigBytes: number;
  /** How long the API server is gone in the outage scenario. */
  outageMs: number;
}

export const FULL: Durations = {
  freezeMs: 30_000,
  storm: 1000,
  bigBytes: 256 * 1024 * 1024,
  outageMs: 20_000,
};

export interface Ctx {
  w: SimWorld;
  port: number;
  ruleId: string;
  d: Durations;
}

export interface Scenario {
  name: string;
  /** Agent scenarios: pods are network namespaces (root), and the -L rule goes through the agent. */
  netns?: { to: string; target: string };
  run(ctx: Ctx): Promise<{ transfers: Transfer[]; recoverMs: number | null }>;
}

const MiB = 1024 * 1024;

/** Starts `count` big downloads and waits until each has moved at least 1 MiB. */
export async function midTransfer(ctx: Ctx, count: number): Promise<TransferHandle[]> {
  const hs = Array.from({ length: count }, (_, i) =>
    startTransfer(ctx.port, ctx.d.bigBytes, i + 1),
  );
  await until(
    () => {
      const open = ctx.w.engine.listConnections(ctx.ruleId).filter((c) => c.bytesDown > MiB);
      return open.length >= count;
    },
    'transfers flowing',
    20_000,
    50,
  );
  return hs;
}

/** Time until a fresh 1 MiB download through the forward verifies again. */
export async function recovery(ctx: Ctx, since = Date.now(), limitMs = 60_000): Promise<number> {
  await until(
    async () => (await startTransfer(ctx.port, MiB, 99).done).verified,
    'a verified transfer after the fault',
    limitMs,
    100,
  );
  return Date.now() - since;
}

function summarize(
  name: string,
  transfers: Transfer[],
  conns: ConnectionView[],
  recoverMs: number | null,
): FaultRow {
  const byPort = new Map(conns.map((c) => [Number(c.peer.split(':').pop()), c]));
  const reasons = new Map<string, number>();
  let lost = 0;
  for (const t of transfers) {
    if (t.verified) continue;
    const reason = t.reason ?? byPort.get(t.localPort)?.reason;
    if (!reason) lost += 1;
    else reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return {
    scenario: name,
    connections: transfers.length,
    bytesSent: transfers.reduce((n, t) => n + t.expected, 0),
    bytesVerified: transfers.reduce((n, t) => n + (t.verified ? t.expected : 0), 0),
    failed: [...reasons].map(([reason, count]) => ({ reason, count })),
    lostSilently: lost,
    recoverMs,
  };
}

const ended = (c: ConnectionView | undefined): boolean =>
  c?.state === 'closed' || c?.state === 'failed';

function settled(transfers: Transfer[], seen: Map<string, ConnectionView>): boolean {
  const byPort = new Map([...seen.values()].map((c) => [Number(c.peer.split(':').pop()), c]));
  return transfers.every((t) => t.verified || ended(byPort.get(t.localPort)));
}

let netnsWhyNot: string | undefined | null = null;

/** Why the scenario cannot run on this machine (netns mode needs root), or undefined. */
export function skipReason(s: Scenario): string | undefined {
  if (!s.netns) return undefined;
  if (netnsWhyNot === null) netnsWhyNot = netnsUnavailableReason();
  return netnsWhyNot;
}

async function worldFor(s: Scenario): Promise<SimWorld> {
  if (!s.netns) return startSimWorld({ scenario: 'demo' });
  // The engine's own defaults (agent ping, pod re-listing): recovery figures are the product's.
  return startSimWorld({ scenario: await demoWithExternalHost(), network: 'netns' });
}

/**
 * Runs one scenario in a fresh simulated cluster with one -L rule: to the py-serv Service, or
 * for agent scenarios the rule they name (through the agent of the target pod).
 */
export async function runScenario(s: Scenario, d: Durations): Promise<FaultRow> {
  const w = await worldFor(s);
  try {
    const { port, rule } = await w.forward(s.netns ?? { to: 'py-serv:80' });
    // Every state the engine reported, kept here: its own history is bounded (200 per rule).
    const seen = new Map<string, ConnectionView>();
    const off = w.engine.onConnectionsChanged((d) => {
      for (const c of d.upserted) seen.set(c.id, c);
    });
    const ctx: Ctx = { w, port, ruleId: rule.id, d };
    const { transfers, recoverMs } = await s.run(ctx);
    // A failed transfer's record gets its reason at most one flush later.
    await until(() => settled(transfers, seen), 'connection records with reasons', 3000, 50).catch(
      () => undefined,
    );
    off();
    return summarize(s.name, transfers, [...seen.values()], recoverMs);
  } finally {
    await w.close();
  }
}
