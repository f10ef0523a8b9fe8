/** Builds the engine the three hosts drive: a rule store plus a runner that forwards. */
import { randomUUID } from 'node:crypto';
import type { RuleView } from '../../shared/model.ts';
import type { Engine } from './api/engine.ts';
import { createRuleStore, TURNED_OFF, type StoredRule } from './rules/rule-store.ts';
import type { RuleRunner } from './rules/rule-runner.ts';
import { ruleWarnings } from './rules/rule-warnings.ts';
import type { Clock } from './clock.ts';
import { createForwarder, type ForwarderDeps } from './forward/forwarder.ts';
import type { DialerOptions } from './forward/dialer.ts';
import { createKubeSessions, type KubeSessions } from './kube/kube-session.ts';

export interface EngineDeps {
  /** Rule id generator (tests pass a counter). */
  newId?: () => string;
  /** What forwards; defaults to the real forwarder built from the deps below. */
  runner?: RuleRunner;
  /** Cluster connections per (kubeconfig, context); defaults to kubeconfig files on disk. */
  sessions?: KubeSessions;
  /**
   * PATH for exec credential plugins. The Electron host passes `onceLoginShellPath()` (the login
   * shell's PATH); terminal hosts already have the right PATH and leave it out.
   */
  execPath?: () => Promise<string | undefined>;
  clock?: Clock;
  dialerOptions?: DialerOptions;
  /** Connection timers: half-close idle limit, linger after the pod closed (connection.ts). */
  timing?: ForwarderDeps['timing'];
  /** Open connections per rule (default 1000); more are refused with a counted reason. */
  maxConnectionsPerRule?: number;
}

function defaultRunner(deps: EngineDeps): RuleRunner {
  const sessions =
    deps.sessions ?? createKubeSessions(deps.execPath ? { execPath: deps.execPath } : {});
  return createForwarder({
    sessions,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.dialerOptions ? { dialerOptions: deps.dialerOptions } : {}),
    ...(deps.timing ? { timing: deps.timing } : {}),
    ...(deps.maxConnectionsPerRule ? { maxConnectionsPerRule: deps.maxConnectionsPerRule } : {}),
  });
}

/** Creates an engine; every dependency is optional so hosts can call `createEngine()`. */
export function createEngine(deps: EngineDeps = {}): Engine {
  const store = createRuleStore(deps.newId ?? (() => randomUUID().slice(0, 8)));
  const runner = deps.runner ?? defaultRunner(deps);
  const ruleListeners = new Set<(rules: RuleView[]) => void>();

  const view = (r: StoredRule): RuleView => {
    const health = r.rule.enabled ? runner.health?.(r.rule.id) : undefined;
    const warnings = ruleWarnings(r);
    return {
      ...r.rule,
      ...r.status,
      stats: runner.stats(r.rule.id),
      ...(health ? { health } : {}),
      ...(warnings.length ? { warnings } : {}),
    };
  };
  const views = (): RuleView[] => store.list().map(view);
  let last = '';
  const publish = (): void => {
    if (ruleListeners.size === 0) return;
    const list = views();
    // Stats flushes arrive up to 10 times a second; only real changes go out.
    const text = JSON.stringify(list);
    if (text === last) return;
    last = text;
    for (const l of [...ruleListeners]) l(list);
  };
  store.onChange(publish);
  runner.onStatsChanged(publish);

  const start = (r: StoredRule): void => {
    store.setStatus(r.rule.id, { state: 'starting' });
    runner.start(r, (status) => store.setStatus(r.rule.id, status));
  };
  const stop = async (id: string): Promise<void> => {
    await runner.stop(id);
    store.setStatus(id, { state: 'stopped', reason: TURNED_OFF });
  };

  return {
    listRules: views,
    async addRule(input) {
      const stored = store.add(input);
      if (stored.rule.enabled) start(stored);
      return view(store.get(stored.rule.id));
    },
    async removeRule(id) {
      store.get(id);
      await runner.stop(id);
      runner.forget?.(id);
      store.remove(id);
    },
    async setEnabled(id, enabled) {
      const before = store.get(id).rule.enabled;
      const stored = store.setEnabled(id, enabled);
      if (enabled && !before) start(stored);
      if (!enabled && before) await stop(id);
      return view(store.get(id));
    },
    listConnections: (ruleId) => runner.connections(ruleId),
    onRulesChanged(listener) {
      last = '';
      ruleListeners.add(listener);
      return () => ruleListeners.delete(listener);
    },
    onConnectionsChanged: (listener) => runner.onConnectionsChanged(listener),
    async dispose() {
      ruleListeners.clear();
      await runner.dispose();
    },
  };
}
