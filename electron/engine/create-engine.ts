/** Builds the engine the three hosts drive: a rule store plus a runner that forwards. */
import { randomUUID } from 'node:crypto';
import type { RuleView } from '../../shared/model.ts';
import type { Engine } from './api/engine.ts';
import { createRuleStore, TURNED_OFF, type StoredRule } from './rules/rule-store.ts';
import { createAgentRunner, type RuleRunner } from './rules/rule-runner.ts';
import { systemClock, type Clock } from './clock.ts';
import { createForwarder, type ForwarderDeps } from './forward/forwarder.ts';
import { createDialer, type DialerOptions } from './forward/dialer.ts';
import { createConnectionTable } from './forward/connection-table.ts';
import { createKubeSessions, type KubeSessions } from './kube/kube-session.ts';
import { createAgentPool } from './agent/agent-pool.ts';
import type { AgentSettings } from './agent/agent-handle.ts';
import { createReverseRunner } from './reverse/reverse-runner.ts';

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
  /** The in-cluster agent: image, startup timeout, idle exit (mirrord's `agent.*`, `-i`). */
  agent?: Partial<AgentSettings>;
  /** How often -R re-lists a workload's Ready pods (joins and drops). */
  reversePodsEveryMs?: number;
}

function defaultRunner(deps: EngineDeps): RuleRunner {
  const sessions =
    deps.sessions ?? createKubeSessions(deps.execPath ? { execPath: deps.execPath } : {});
  const clock = deps.clock ?? systemClock;
  const table = createConnectionTable({ clock });
  const pool = createAgentPool({
    dialer: createDialer({ ...deps.dialerOptions, agent: undefined }),
    ...(deps.agent ? { settings: deps.agent } : {}),
  });
  const forward = createForwarder({
    sessions,
    clock,
    table,
    dialerOptions: { ...deps.dialerOptions, agent: deps.dialerOptions?.agent ?? pool.dial },
    ...(deps.timing ? { timing: deps.timing } : {}),
  });
  const agentListeners = new Set<() => void>();
  const reverse = createReverseRunner({
    sessions,
    pool,
    table,
    ...(deps.reversePodsEveryMs ? { podsEveryMs: deps.reversePodsEveryMs } : {}),
    onChange: () => agentListeners.forEach((l) => l()),
  });
  return createAgentRunner({
    forward,
    reverse,
    agentViews: (r) => pool.views(r.rule.namespace || undefined, r.parsed.target),
    onAgentsChanged(l) {
      agentListeners.add(l);
      const off = pool.onChange(l);
      return () => (agentListeners.delete(l), off());
    },
    disposeAgents: () => pool.dispose(),
  });
}

/** Creates an engine; every dependency is optional so hosts can call `createEngine()`. */
export function createEngine(deps: EngineDeps = {}): Engine {
  const store = createRuleStore(deps.newId ?? (() => randomUUID().slice(0, 8)));
  const runner = deps.runner ?? defaultRunner(deps);
  const ruleListeners = new Set<(rules: RuleView[]) => void>();

  const view = (r: StoredRule): RuleView => {
    const agents = runner.agents?.(r);
    return {
      ...r.rule,
      ...r.status,
      stats: runner.stats(r.rule.id),
      ...(agents ? { agents } : {}),
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
