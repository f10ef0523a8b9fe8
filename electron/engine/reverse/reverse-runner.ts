/**
 * -R rules: the port is caught on every Ready pod of the target (one agent per pod; a workload's
 * new pods join as they become Ready, gone pods are dropped), so Service traffic reaches the
 * laptop whichever pod it lands on. The rule is "listening" only once an agent confirmed a catch.
 */
import { PortsideError, errorText } from '../../../shared/errors.ts';
import type { AgentView } from '../../../shared/model.ts';
import type { ReverseMapping } from '../../../shared/mirrord-syntax/types.ts';
import type { AgentPool } from '../agent/agent-pool.ts';
import type { ConnectionTable } from '../forward/connection-table.ts';
import type { KubeSessions } from '../kube/kube-session.ts';
import { isPodReady } from '../kube/pod-status.ts';
import { podsOf } from '../kube/resolve-target.ts';
import type { RuleStatus, StoredRule } from '../rules/rule-store.ts';
import { startPodCatch, type PodCatch } from './pod-catch.ts';

/** mirrord's words for -R without a target (docs/mirrord-compat.md §3), plus what to do. */
export const TARGETLESS_REFUSAL =
  'incoming traffic stealing is not available in the targetless mode: -R needs a target (-t pod/… or -t deploy/…)';

export interface ReverseDeps {
  sessions: KubeSessions;
  pool: AgentPool;
  table: ConnectionTable;
  /** How often a workload's Ready pods are re-listed (joins and drops). */
  podsEveryMs?: number;
  onChange(): void;
}

interface Run {
  stopped: boolean;
  pods: Map<string, PodCatch>;
  timer?: NodeJS.Timeout;
}

export interface ReverseRunner {
  start(stored: StoredRule, report: (s: RuleStatus) => void): void;
  stop(ruleId: string): Promise<void>;
  agents(ruleId: string): AgentView[] | undefined;
  dispose(): Promise<void>;
}

export function createReverseRunner(deps: ReverseDeps): ReverseRunner {
  const runs = new Map<string, Run>();

  function summarize(run: Run, mapping: ReverseMapping, report: (s: RuleStatus) => void): void {
    if (run.stopped) return;
    const all = [...run.pods.values()];
    const caught = all.filter((p) => p.caught);
    const failed = all.filter((p) => p.failed);
    const listenAddress = `pod port ${mapping.remotePort} → 127.0.0.1:${mapping.localPort}`;
    const lost = all.filter((p) => !p.caught && !p.failed && p.view().state === 'reconnecting');
    if (all.length > 0 && failed.length === all.length)
      report({ state: 'failed', reason: failed[0]!.view().reason ?? 'the agent failed' });
    else if (caught.length === all.length && all.length > 0)
      report({ state: 'listening', listenAddress });
    else if (failed.length > 0 || lost.length > 0) {
      const why = failed[0]?.view().reason ?? lost[0]?.view().reason;
      report({
        state: caught.length ? 'degraded' : 'reconnecting',
        listenAddress,
        reason: `${caught.length} of ${all.length} pods caught${why ? ` (${why})` : ''}`,
      });
    } else
      report({
        state: 'starting',
        reason: all.length
          ? `${caught.length} of ${all.length} pods caught, injecting the agent`
          : 'waiting for a Ready pod',
      });
    deps.onChange();
  }

  async function begin(
    stored: StoredRule,
    run: Run,
    report: (s: RuleStatus) => void,
  ): Promise<void> {
    const { rule, parsed } = stored;
    if (parsed.direction !== 'R') return;
    const target = parsed.target;
    if (target.kind === 'targetless') throw new PortsideError('InvalidTarget', TARGETLESS_REFUSAL);
    const session = await deps.sessions({ kubeconfig: rule.kubeconfig, context: rule.context });
    const namespace = rule.namespace || session.namespace;
    const { mapping } = parsed;
    let lastProblem: string | undefined;
    const changed = (): void => summarize(run, mapping, report);
    const sync = async (): Promise<void> => {
      const pods = await podsOf(session.api, target.kind, namespace, target.name);
      const ready = new Set(
        pods.filter((p) => isPodReady(p, target.container)).map((p) => p.metadata?.name ?? ''),
      );
      if (run.stopped) return;
      for (const [name, pc] of run.pods) {
        if (ready.has(name)) continue;
        pc.stop();
        run.pods.delete(name);
      }
      for (const name of ready) {
        if (run.pods.has(name)) continue;
        run.pods.set(
          name,
          startPodCatch({
            pod: name,
            namespace,
            handle: deps.pool.handle(session, namespace, name),
            remotePort: mapping.remotePort,
            mode: rule.incomingMode ?? 'auto',
            delivery: {
              localPort: mapping.localPort,
              record: (peer) => deps.table.create(rule.id, peer),
              outcome: (problem) => {
                if (problem === lastProblem) return;
                lastProblem = problem;
                if (problem) report({ state: 'degraded', reason: problem });
                else changed();
              },
            },
            onChange: changed,
          }),
        );
      }
      changed();
    };
    await sync();
    const again = (): void => {
      if (run.stopped) return;
      run.timer = setTimeout(() => {
        if (run.stopped) return;
        sync().then(again, (err: unknown) => {
          if (!run.stopped)
            report({
              state: 'degraded',
              reason: `listing the target's pods failed: ${errorText(err)}`,
            });
          again();
        });
      }, deps.podsEveryMs ?? 2000);
    };
    again();
  }

  const halt = (run: Run): void => {
    run.stopped = true;
    clearTimeout(run.timer);
    for (const pc of run.pods.values()) pc.stop();
  };

  return {
    start(stored, report) {
      const run: Run = { stopped: false, pods: new Map() };
      const previous = runs.get(stored.rule.id);
      if (previous) halt(previous);
      runs.set(stored.rule.id, run);
      report({ state: 'starting' });
      begin(stored, run, report).catch((err: unknown) => {
        if (!run.stopped) report({ state: 'failed', reason: errorText(err) });
      });
    },
    async stop(ruleId) {
      const run = runs.get(ruleId);
      if (!run) return;
      runs.delete(ruleId);
      halt(run);
    },
    agents(ruleId) {
      const run = runs.get(ruleId);
      return run ? [...run.pods.values()].map((p) => p.view()) : undefined;
    },
    async dispose() {
      for (const run of runs.values()) halt(run);
      runs.clear();
    },
  };
}
