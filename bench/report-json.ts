/** The shape of reports/bench.json: what ran where, every sample, and the ratios. */
import { cpus } from 'node:os';
import type { CheckResult } from './checks.ts';
import type { Cluster } from './cluster.ts';
import type { Leg } from './forwarders.ts';
import type { BenchOptions } from './options.ts';
import { ratios } from './report.ts';
import type { Forwarders, ScenarioResult } from './runner.ts';

export interface RunRecord {
  opts: BenchOptions;
  started: number;
  kubectl: string;
  cluster: Cluster;
  legs: Leg[];
  forwarders: Forwarders;
  results: ScenarioResult[];
  checks: CheckResult[];
  reference: string;
}

/** Builds the JSON report object (plain data, ready for JSON.stringify). */
export function buildReport(r: RunRecord): object {
  return {
    date: new Date(r.started).toISOString(),
    durationS: (Date.now() - r.started) / 1000,
    mode: r.opts.quick ? 'quick' : 'default',
    reps: r.opts.reps,
    sizes: r.opts.sizes,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      platform: process.platform,
    },
    cluster: { network: r.cluster.network, networkNote: r.cluster.networkNote },
    kubectl: r.kubectl,
    legs: r.legs.map((l) => {
      const f = r.forwarders.all().get(l.id);
      return {
        id: l.id,
        label: l.label,
        transport: f?.transport(),
        startupMs: f?.startupMs,
        restarts: r.forwarders.restarts[l.id] ?? 0,
      };
    }),
    note:
      'ratio = Portside median / other median, in the scenario unit; portsideBetter says whether ' +
      'that favours Portside (units marked better: higher or lower). Spread = (max - min) / median.',
    scenarios: r.results.map((res) => ({ ...res, ratios: ratios(res, r.reference) })),
    checks: r.checks,
  };
}
