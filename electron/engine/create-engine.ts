/**
 * Builds the engine the three hosts drive: rules (store + runner), profiles, settings and notices,
 * persisted in a state folder when the host gives one, and the cluster pickers.
 */
import { randomUUID } from 'node:crypto';
import type { Engine } from './api/engine.ts';
import { systemClock, type Clock } from './clock.ts';
import type { DialerOptions } from './forward/dialer.ts';
import type { ForwarderDeps } from './forward/forwarder.ts';
import { createDefaultRunner, type RunnerDeps } from './default-runner.ts';
import { createClusterSessions, type ClusterSessions } from './kube/cluster-sessions.ts';
import type { KubeSessions } from './kube/kube-session.ts';
import { followKubeconfig } from './kube/kubeconfig-follow.ts';
import { createPickers } from './kube/pickers.ts';
import { openAppState } from './rules/app-state.ts';
import { createRuleOps, createUndoBuffer } from './rules/rule-ops.ts';
import type { RuleRunner } from './rules/rule-runner.ts';
import { createRuleStore } from './rules/rule-store.ts';
import type { AtomicFs } from './rules/state-file.ts';

export interface EngineDeps {
  /** Rule id generator (tests pass a counter). */
  newId?: () => string;
  /** What forwards; defaults to the real forwarder built from the deps below. */
  runner?: RuleRunner;
  /** Cluster connections per (kubeconfig, context); defaults to kubeconfig files on disk. */
  sessions?: KubeSessions;
  /** Sessions for the pickers (and the forwarder unless `sessions` is given). */
  clusters?: ClusterSessions;
  /**
   * PATH for exec credential plugins. The Electron host passes `onceLoginShellPath()` (the login
   * shell's PATH); terminal hosts already have the right PATH and leave it out.
   */
  execPath?: () => Promise<string | undefined>;
  clock?: Clock;
  dialerOptions?: DialerOptions;
  /** Connection timers: half-close idle limit, linger after the pod closed (connection.ts). */
  timing?: ForwarderDeps['timing'];
  /** Folder for state.json (rules, profiles, settings); without it nothing is persisted. */
  stateDir?: string;
  /** Tests simulate crashes and full disks through this. */
  stateFs?: AtomicFs;
  /** Watch the default kubeconfig so edits reach the pickers and sessions (GUI hosts). */
  watchKubeconfig?: boolean;
  /** Environment and home the default kubeconfig is found with (tests); the process's otherwise. */
  kubeEnv?: { env: Record<string, string | undefined>; home: string };
  /** The in-cluster agent: image, startup timeout, idle exit (mirrord's `agent.*`, `-i`). */
  agent?: RunnerDeps['agent'];
  /** How often -R re-lists a workload's Ready pods (joins and drops). */
  reversePodsEveryMs?: number;
  /** Open connections per rule (default 1000); more are refused with a counted reason. */
  maxConnectionsPerRule?: number;
}

function defaultRunner(deps: EngineDeps, clusters: ClusterSessions): RuleRunner {
  return createDefaultRunner({
    sessions: deps.sessions ?? clusters.sessions,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.dialerOptions ? { dialerOptions: deps.dialerOptions } : {}),
    ...(deps.timing ? { timing: deps.timing } : {}),
    ...(deps.agent ? { agent: deps.agent } : {}),
    ...(deps.reversePodsEveryMs ? { reversePodsEveryMs: deps.reversePodsEveryMs } : {}),
    ...(deps.maxConnectionsPerRule ? { maxConnectionsPerRule: deps.maxConnectionsPerRule } : {}),
  });
}

const debugLog = (message: string): void => {
  if (process.env.PORTSIDE_DEBUG) console.error(`portside: ${message}`);
};

/** Creates an engine; every dependency is optional so hosts can call `createEngine()`. */
export function createEngine(deps: EngineDeps = {}): Engine {
  const clock = deps.clock ?? systemClock;
  const clusters =
    deps.clusters ??
    createClusterSessions({
      ...deps.kubeEnv,
      ...(deps.execPath ? { execPath: deps.execPath } : {}),
    });
  const store = createRuleStore(deps.newId ?? (() => randomUUID().slice(0, 8)));
  const runner = deps.runner ?? defaultRunner(deps, clusters);
  const ops = createRuleOps(store, runner);
  const app = openAppState({
    store,
    ops,
    clock,
    ...(deps.stateDir ? { stateDir: deps.stateDir } : {}),
    ...(deps.stateFs ? { stateFs: deps.stateFs } : {}),
  });
  const { profiles, settings, notices } = app;
  const undo = createUndoBuffer();
  const pickers = createPickers({ clusters, clock, log: debugLog });
  const stopWatch = deps.watchKubeconfig
    ? followKubeconfig({
        clock,
        clusters,
        pickers,
        restartRunning: ops.restartRunning,
        log: debugLog,
        ...(deps.kubeEnv ? { kubeEnv: deps.kubeEnv } : {}),
      })
    : () => undefined;

  return {
    ...ops,
    async removeRule(id) {
      const rule = await ops.remove(id);
      undo.push({ rule, profiles: profiles.forgetRule(id) });
    },
    async restoreRule(id) {
      const removed = undo.take(id);
      try {
        const view = ops.restore(removed.rule);
        profiles.returnRule(id, removed.profiles);
        return view;
      } catch (err) {
        undo.push(removed);
        throw err;
      }
    },
    listConnections: (ruleId) => runner.connections(ruleId),
    onConnectionsChanged: (listener) => runner.onConnectionsChanged(listener),
    kube: pickers,
    profiles,
    settings,
    notices,
    stateDir: deps.stateDir,
    async dispose() {
      stopWatch();
      pickers.dispose();
      await runner.dispose();
      await app.flush();
    },
  };
}
