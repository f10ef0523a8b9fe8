/**
 * Runs every scenario against every leg, alternating the order of legs between repetitions so
 * drift (warming caches, a busy neighbour) does not always favour the same one.
 */
import { cpuMs, sampleRss, waitQuiet } from './cpu.ts';
import type { Forwarder, Leg } from './forwarders.ts';
import { isShuttingDown } from './procs.ts';
import type { Sample, Scenario } from './scenarios.ts';
import { summarize, type Summary } from './stats.ts';
import { errorText } from '../shared/errors.ts';

export interface LegResult {
  label: string;
  values: number[];
  /** Why samples were not counted (wrong bytes, deadline, forwarder gone). */
  invalid: string[];
  summary?: Summary;
  details: Record<string, number>[];
  /** CPU milliseconds per sample of the forwarder and of kube-sim (which relays for both). */
  forwarderCpuMs: number[];
  simCpuMs: number[];
  /** Peak resident memory of the forwarder during each sample (KiB, /proc sampled every 50 ms). */
  peakRssKiB: number[];
  /** Samples that started while kube-sim or a forwarder had not gone quiet within 10 s. */
  noisyStarts: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  unit: string;
  better: 'higher' | 'lower';
  legs: Record<string, LegResult>;
}

/** Starts legs and restarts one whose process has gone (kubectl exits when it loses the pod). */
export class Forwarders {
  private readonly running = new Map<string, Forwarder>();
  readonly restarts: Record<string, number> = {};

  constructor(
    private readonly kubeconfig: string,
    private readonly scratch: string,
    private readonly log: (line: string) => void,
  ) {}

  async get(leg: Leg): Promise<Forwarder> {
    const have = this.running.get(leg.id);
    if (have?.child.alive()) return have;
    if (have) {
      this.restarts[leg.id] = (this.restarts[leg.id] ?? 0) + 1;
      this.log(
        `  ! ${leg.label} exited (${await have.child.exited}); restarting. stderr tail:\n${have.child.stderr().slice(-600)}`,
      );
    }
    const f = await leg.start(this.kubeconfig, this.scratch);
    this.running.set(leg.id, f);
    return f;
  }

  all(): Map<string, Forwarder> {
    return this.running;
  }

  async stop(): Promise<void> {
    for (const f of this.running.values()) await f.child.stop();
    this.running.clear();
  }
}

export interface RunPlan {
  legs: Leg[];
  reps: number;
  simPid: number | undefined;
  forwarders: Forwarders;
  log(line: string): void;
}

async function oneSample(
  plan: RunPlan,
  leg: Leg,
  scenario: Scenario,
  into: LegResult,
): Promise<void> {
  let f: Forwarder;
  try {
    f = await plan.forwarders.get(leg);
  } catch (err) {
    into.invalid.push(`could not start: ${errorText(err).split('\n')[0]}`);
    return;
  }
  const pids = [plan.simPid, ...[...plan.forwarders.all().values()].map((x) => x.child.proc.pid)];
  if (!(await waitQuiet(pids))) {
    into.noisyStarts++;
    plan.log(`    (${leg.label}: kube-sim or a forwarder still busy after 10 s; sampling anyway)`);
  }
  const pid = f.child.proc.pid;
  const cpu0 = cpuMs(pid);
  const sim0 = cpuMs(plan.simPid);
  let sample: Sample;
  const rss = sampleRss(pid);
  try {
    sample = await scenario.sample(f.ports, { pid });
  } catch (err) {
    rss.stop();
    const alive = f.child.alive() ? '' : ' (forwarder exited)';
    into.invalid.push(`${errorText(err)}${alive}`);
    plan.log(`    ${leg.label}: INVALID ${into.invalid[into.invalid.length - 1]}`);
    return;
  }
  const cpu1 = cpuMs(pid);
  const peak = rss.stop();
  if (peak !== undefined) into.peakRssKiB.push(peak);
  const sim1 = cpuMs(plan.simPid);
  into.values.push(sample.value);
  into.details.push(sample.detail ?? {});
  if (cpu0 !== undefined && cpu1 !== undefined) into.forwarderCpuMs.push(cpu1 - cpu0);
  if (sim0 !== undefined && sim1 !== undefined) into.simCpuMs.push(sim1 - sim0);
  plan.log(`    ${leg.label}: ${sample.value.toFixed(2)} ${scenario.unit}`);
}

/** Runs one scenario `reps` times per leg, legs alternating order, and summarizes. */
export async function runScenario(plan: RunPlan, scenario: Scenario): Promise<ScenarioResult> {
  const legs: Record<string, LegResult> = {};
  for (const leg of plan.legs)
    legs[leg.id] = {
      label: leg.label,
      values: [],
      invalid: [],
      details: [],
      forwarderCpuMs: [],
      simCpuMs: [],
      peakRssKiB: [],
      noisyStarts: 0,
    };
  plan.log(`• ${scenario.title}`);
  for (let rep = 0; rep < plan.reps; rep++) {
    const order = rep % 2 === 0 ? plan.legs : [...plan.legs].reverse();
    plan.log(`  rep ${rep + 1}/${plan.reps}`);
    for (const leg of order) {
      if (isShuttingDown()) throw new Error('interrupted');
      await oneSample(plan, leg, scenario, legs[leg.id]!);
    }
  }
  for (const r of Object.values(legs)) r.summary = summarize(r.values);
  return {
    id: scenario.id,
    title: scenario.title,
    unit: scenario.unit,
    better: scenario.better,
    legs,
  };
}
