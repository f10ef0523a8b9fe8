/**
 * `npm run bench`: Portside's CLI and `kubectl port-forward` against the same kube-sim pod in the
 * same run, alternating, several repetitions each; prints a table and writes reports/bench.json.
 * Never part of the test run: numbers here are compared as ratios, not asserted.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { halfCloseCheck, stillWorksCheck, type CheckResult } from './checks.ts';
import { download, firstByte } from './clients.ts';
import { httpBytes, httpUpload } from './http-clients.ts';
import { POD, startCluster, type Cluster } from './cluster.ts';
import {
  kubectlLeg,
  kubectlPath,
  portsideLeg,
  profilePortsideInto,
  type Leg,
} from './forwarders.ts';
import { parseBenchArgs, USAGE, type BenchOptions } from './options.ts';
import { isShuttingDown, stopAll } from './procs.ts';
import { buildReport } from './report-json.ts';
import { renderChecks, renderCost, renderInvalid, renderTable } from './report.ts';
import { directLeg, portsideServiceLeg, relayLeg, startLocalApps } from './contenders.ts';
import { serveLeg } from './serve-leg.ts';
import { Forwarders, runScenario, type ScenarioResult } from './runner.ts';
import { scenarios } from './scenarios.ts';
import { errorText } from '../shared/errors.ts';

const run = promisify(execFile);
const log = (line: string): void => console.log(line);

async function kubectlVersion(version: string): Promise<string> {
  const { stdout } = await run(kubectlPath(version), ['version', '--client', '-o', 'json']);
  return (JSON.parse(stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
}

function waitPodReady(version: string, scratch: string) {
  return async (kubeconfig: string): Promise<void> => {
    const args = ['--kubeconfig', kubeconfig, '--cache-dir', join(scratch, 'kubectl-cache-wait')];
    await run(
      kubectlPath(version),
      [...args, 'wait', '--for=condition=Ready', `pod/${POD}`, '--timeout=60s'],
      { timeout: 70_000 },
    );
  };
}

/** One small transfer of each kind per forwarder, so no leg's first sample pays for warming up. */
async function warmUp(forwarders: Forwarders, legs: Leg[]): Promise<void> {
  for (const leg of legs) {
    const f = await forwarders.get(leg);
    try {
      await download(f.ports.source, 1024 * 1024, 9, 20_000);
      await httpUpload(f.ports.http, Buffer.alloc(1024 * 1024, 9), 20_000);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => httpBytes(f.ports.http, 1024, i, 20_000)),
      );
      for (let i = 0; i < 10; i++) await firstByte(f.ports.banner, `BANNER ${POD}\r\n`, 10_000);
    } catch (err) {
      throw new Error(`${leg.label} failed its warm-up: ${errorText(err)}`, { cause: err });
    }
  }
}

/** Warm-up, the half-close check, every scenario, then whether each forwarder still works. */
async function measure(
  opts: BenchOptions,
  cluster: Cluster,
  legs: Leg[],
  forwarders: Forwarders,
): Promise<{ results: ScenarioResult[]; checks: CheckResult[] }> {
  await warmUp(forwarders, legs);
  for (const [id, f] of forwarders.all()) {
    const label = legs.find((l) => l.id === id)?.label;
    log(
      `${label}: listening ${f.startupMs.toFixed(0)} ms after start, via ${f.transport() ?? '?'}`,
    );
  }
  // Before the scenarios, so no scenario's aftermath decides it.
  const checks: CheckResult[] = [];
  for (const leg of legs)
    checks.push({ ...(await halfCloseCheck((await forwarders.get(leg)).ports)), leg: leg.id });
  const plan = { legs, reps: opts.reps, simPid: cluster.sim.proc.pid, forwarders, log };
  const results: ScenarioResult[] = [];
  for (const s of scenarios(opts.sizes))
    if (!opts.only || opts.only.includes(s.id)) results.push(await runScenario(plan, s));
  for (const leg of legs)
    checks.push({ ...(await stillWorksCheck(forwarders.all().get(leg.id))), leg: leg.id });
  return { results, checks };
}

/** The shipped CLI is what is measured: build its bundle so bin/portside does not fall back. */
async function buildCli(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await run('npx', ['vite', 'build', '-c', 'vite.cli.mts', '--logLevel', 'warn'], { cwd: root });
  // `serve` serves the renderer build; build it once if this checkout has none.
  if (!existsSync(join(root, 'dist/renderer/index.html')))
    await run('npx', ['vite', 'build', '-c', 'vite.renderer.mts', '--logLevel', 'warn'], {
      cwd: root,
    });
}

async function bench(opts: BenchOptions, scratch: string): Promise<void> {
  const kubectl = await kubectlVersion(opts.kubectlVersion);
  await buildCli();
  const started = Date.now();
  const ready = waitPodReady(opts.kubectlVersion, scratch);
  const cluster = await startCluster(scratch, opts.network, ready);
  const why = cluster.networkNote ? ` (not netns: ${cluster.networkNote})` : '';
  log(`kube-sim ${cluster.url}, pod network: ${cluster.network}${why}`);
  const apps = await startLocalApps(POD);
  const all: Leg[] = [
    portsideLeg,
    portsideServiceLeg,
    kubectlLeg(opts.kubectlVersion, true),
    ...(opts.spdy ? [kubectlLeg(opts.kubectlVersion, false)] : []),
    ...(opts.ui ? [serveLeg] : []),
    relayLeg(apps.ports),
    directLeg(apps.ports),
  ];
  // Portside's CLI is the reference every ratio is taken against, so it always runs.
  const legs = opts.legs
    ? all.filter((l) => l.id === portsideLeg.id || opts.legs!.includes(l.id))
    : all;
  if (opts.cpuProfDir) profilePortsideInto(resolve(opts.cpuProfDir));
  const forwarders = new Forwarders(cluster.kubeconfig, scratch, log);
  try {
    const { results, checks } = await measure(opts, cluster, legs, forwarders);
    log(`\n${renderTable(results, legs, portsideLeg.id)}`);
    const startup = new Map([...forwarders.all()].map(([id, f]) => [id, f.startupMs]));
    log(`\n${renderCost(results, legs, startup)}`);
    log(`\n${renderChecks(checks, legs)}`);
    const invalid = renderInvalid(results);
    if (invalid.length) log(`\ninvalid samples (not counted):\n  ${invalid.join('\n  ')}`);
    if (isShuttingDown()) throw new Error('interrupted; no report written');
    const record = { opts, started, kubectl, cluster, legs, forwarders, results, checks };
    const out = resolve(opts.out);
    await mkdir(dirname(out), { recursive: true });
    const report = buildReport({ ...record, reference: portsideLeg.id });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    log(`\nwrote ${out} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await forwarders.stop();
    await cluster.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  let opts: BenchOptions | 'help';
  try {
    opts = parseBenchArgs(argv);
  } catch (err) {
    console.error(`bench: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') return (console.log(USAGE), 0);
  if (!existsSync(kubectlPath(opts.kubectlVersion))) {
    console.error(
      `bench: ${kubectlPath(opts.kubectlVersion)} is not installed; nothing to compare with`,
    );
    return 1;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'portside-bench-'));
  let stopping = false;
  const onSignal = (): void => {
    // `on`, not `once`: Ctrl+C reaches us twice (from the terminal and relayed by tsx), and a
    // second default SIGINT would exit before the cleanup. Children first (kube-sim removes its
    // network namespaces on SIGTERM), then the scratch dir.
    if (stopping) return;
    stopping = true;
    void stopAll().finally(() =>
      rm(scratch, { recursive: true, force: true }).finally(() => process.exit(130)),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await bench(opts, scratch);
    return 0;
  } finally {
    await stopAll();
    await rm(scratch, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench: ${errorText(err)}`);
    process.exit(1);
  },
);
