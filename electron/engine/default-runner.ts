/**
 * The runner a real engine forwards with: -L rules go to the forwarder (direct routes and the agent
 * route), -R rules to the reverse runner; both share one connection table and one agent pool.
 */
import { systemClock, type Clock } from './clock.ts';
import { createAgentPool } from './agent/agent-pool.ts';
import type { AgentSettings } from './agent/agent-handle.ts';
import { createConnectionTable } from './forward/connection-table.ts';
import { createDialer, type DialerOptions } from './forward/dialer.ts';
import { createForwarder, type ForwarderDeps } from './forward/forwarder.ts';
import type { KubeSessions } from './kube/kube-session.ts';
import { createReverseRunner } from './reverse/reverse-runner.ts';
import { createAgentRunner, type RuleRunner } from './rules/rule-runner.ts';

export interface RunnerDeps {
  sessions: KubeSessions;
  clock?: Clock;
  dialerOptions?: DialerOptions;
  timing?: ForwarderDeps['timing'];
  /** The in-cluster agent: image, startup timeout, idle exit (mirrord's `agent.*`, `-i`). */
  agent?: Partial<AgentSettings>;
  /** How often -R re-lists a workload's Ready pods (joins and drops). */
  reversePodsEveryMs?: number;
  /** Open connections per rule; more are refused with a counted reason. */
  maxConnectionsPerRule?: number;
}

export function createDefaultRunner(deps: RunnerDeps): RuleRunner {
  const { sessions } = deps;
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
    ...(deps.maxConnectionsPerRule ? { maxConnectionsPerRule: deps.maxConnectionsPerRule } : {}),
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
