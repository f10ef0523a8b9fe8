/**
 * Builds the engine the three hosts drive: rules (store + runner), profiles, settings and notices,
 * persisted in a state folder when the host gives one, and the cluster pickers.
 */
import { randomUUID } from 'node:crypto';
import type { Engine } from './api/engine.ts';
import { systemClock, type Clock } from './clock.ts';
import type { DialerOptions } from './forward/dialer.ts';
import { createForwarder, type ForwarderDeps } from './forward/forwarder.ts';
import { createClusterSessions, type ClusterSessions } from './kube/cluster-sessions.ts';
import type { KubeSessions } from './kube/kube-session.ts';
import { watchKubeconfig } from './kube/kubeconfig-watch.ts';
import { createPickers, type PickerService } from './kube/pickers.ts';
import { createNotices } from './rules/notices.ts';
import { createProfiles } from './rules/profiles.ts';
import { createRuleOps, createUndoBuffer, type RuleOps } from './rules/rule-ops.ts';
import type { RuleRunner } from './rules/rule-runner.ts';
import { createRuleStore } from './rules/rule-store.ts';
import { createSettingsStore } from './rules/settings-store.ts';
import type { AtomicFs } from './rules/state-file.ts';
import { createPersistence } from './rules/state-persistence.ts';
import { restoreState, type Restorable } from './rules/restore-state.ts';

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
}

function defaultRunner(deps: EngineDeps, clusters: ClusterSessions): RuleRunner {
  return createForwarder({
    sessions: deps.sessions ?? clusters.sessions,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.dialerOptions ? { dialerOptions: deps.dialerOptions } : {}),
    ...(deps.timing ? { timing: deps.timing } : {}),
  });
}

const debugLog = (message: string): void => {
  if (process.env.PORTSIDE_DEBUG) console.error(`portside: ${message}`);
};

/**
 * A changed context (rotated token or CA, another server) is loaded afresh by the pickers and by
 * rules started from now on; running rules on it start again so new connections use it too
 * (open ones end: they were made with the old settings). A rule without a context follows the
 * current one, so it restarts when the current context moved or changed.
 */
function startKubeconfigWatch(
  deps: EngineDeps,
  clock: Clock,
  pickers: PickerService,
  clusters: ClusterSessions,
  ops: RuleOps,
) {
  if (!deps.watchKubeconfig) return () => undefined;
  const onChange = async (changed: ReadonlySet<string>): Promise<void> => {
    const current = (await clusters.contexts().catch(() => [])).find((c) => c.current)?.name;
    const affected = (context: string | undefined): boolean =>
      context ? changed.has(context) : changed.has('') || (!!current && changed.has(current));
    pickers.kubeconfigChanged(changed);
    const ids = ops.restartRunning((r) => !r.kubeconfig && affected(r.context));
    if (ids.length) debugLog(`kubeconfig changed: restarted ${ids.join(', ')}`);
  };
  return watchKubeconfig({
    clock,
    ...deps.kubeEnv,
    log: debugLog,
    onChange: (c) => void onChange(c.contexts),
  });
}

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
  const notices = createNotices(clock);
  const persistence = deps.stateDir
    ? createPersistence({
        dir: deps.stateDir,
        clock,
        notices,
        ...(deps.stateFs ? { fs: deps.stateFs } : {}),
      })
    : undefined;
  const loaded = persistence?.load();
  const settings = createSettingsStore(loaded?.settings);
  const profiles = createProfiles(ops, loaded?.profiles);
  const undo = createUndoBuffer();
  const pickers = createPickers({ clusters, clock, log: debugLog });
  const stopWatch = startKubeconfigWatch(deps, clock, pickers, clusters, ops);

  const parts: Restorable = {
    ops,
    profiles,
    notices,
    settings: settings.get(),
    ...(persistence ? { keepCopy: persistence.keepCopy } : {}),
  };
  if (loaded) restoreState(loaded, parts);
  const save = (): void =>
    persistence?.save(() => ({
      rules: store.list().map((r) => r.rule),
      profiles: profiles.snapshot(),
      settings: settings.get(),
    }));
  store.onChange(save);
  store.onChange(profiles.refresh);
  profiles.onChanged(save);
  settings.onChanged(save);

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
      await persistence?.flush();
    },
  };
}
