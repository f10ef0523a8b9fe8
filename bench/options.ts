/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';
import type { Network } from './cluster.ts';
import type { Sizes } from './scenarios.ts';

export const USAGE = `usage: npm run bench -- [--quick] [--reps N] [--network netns|loopback] [--no-spdy] [--out FILE]

Portside's CLI and kubectl port-forward against the same kube-sim pod, side by side, reported as
ratios (reports/bench.json + a table).

  --quick      small sizes, 2 repetitions (under two minutes)
  --reps N     repetitions per scenario and forwarder (default 5, quick 2)
  --network    kube-sim pod network (default: netns when root and available, else loopback)
  --no-spdy    leave out kubectl with KUBECTL_PORT_FORWARD_WEBSOCKETS=false
  --no-ui      leave out Portside serve with a browser attached (Chromium, CHROMIUM_PATH)
  --kubectl V  kubectl version to compare with (default 1.33)
  --out FILE   JSON report path (default reports/bench.json)
  --only IDS   only these scenarios (comma-separated ids: download,upload,connect-latency,
               http-concurrent-200, …), for profiling one finding
  --legs IDS   only these contenders (portside,portside-svc,kubectl-1.33-ws,relay, …)
  --cpu-prof DIR  run the Portside CLI legs under node --cpu-prof, profiles written to DIR`;

export interface BenchOptions {
  quick: boolean;
  reps: number;
  network?: Network;
  spdy: boolean;
  ui: boolean;
  kubectlVersion: string;
  out: string;
  sizes: Sizes;
  /** Scenario ids to run; all when undefined. */
  only?: string[];
  /** Leg ids to run; all when undefined. */
  legs?: string[];
  cpuProfDir?: string;
}

const MiB = 1024 * 1024;

const QUICK: Sizes = {
  bulkBytes: 16 * MiB,
  connections: 100,
  concurrency: [50, 200],
  httpBytes: 16 * 1024,
  idleConnections: 100,
  bulkDeadlineMs: 30_000,
  slowReaderBytes: 16 * MiB,
  stallDeadlineMs: 3_000,
};
const FULL: Sizes = {
  bulkBytes: 256 * MiB,
  connections: 500,
  concurrency: [50, 200, 1000],
  httpBytes: 64 * 1024,
  idleConnections: 200,
  bulkDeadlineMs: 60_000,
  slowReaderBytes: 64 * MiB,
  stallDeadlineMs: 5_000,
};

/** Parses argv; returns 'help' for --help and throws with a readable message on mistakes. */
export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      network: { type: 'string' },
      'no-spdy': { type: 'boolean', default: false },
      'no-ui': { type: 'boolean', default: false },
      kubectl: { type: 'string', default: '1.33' },
      out: { type: 'string', default: 'reports/bench.json' },
      only: { type: 'string' },
      legs: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const reps = values.reps === undefined ? (values.quick ? 2 : 5) : Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1 || reps > 50)
    throw new Error(`--reps must be 1–50 (got ${values.reps})`);
  const network = values.network;
  if (network !== undefined && network !== 'netns' && network !== 'loopback')
    throw new Error(`--network must be netns or loopback (got ${network})`);
  if (!/^1\.\d+$/.test(values.kubectl))
    throw new Error(`--kubectl must look like 1.33 (got ${values.kubectl})`);
  return {
    quick: values.quick,
    reps,
    network,
    spdy: !values['no-spdy'],
    ui: !values['no-ui'],
    kubectlVersion: values.kubectl,
    out: values.out,
    sizes: values.quick ? QUICK : FULL,
    ...(values.only === undefined ? {} : { only: list(values.only, '--only') }),
    ...(values.legs === undefined ? {} : { legs: list(values.legs, '--legs') }),
    ...(values['cpu-prof'] === undefined ? {} : { cpuProfDir: values['cpu-prof'] }),
  };
}

function list(value: string, flag: string): string[] {
  const ids = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new Error(`${flag} needs at least one id`);
  return ids;
}
