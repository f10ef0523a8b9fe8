/** The seam between the rule store and whatever really forwards (listeners, routes, transport). */
import type {
  AgentView,
  ConnectionView,
  ConnectionsDelta,
  Health,
  RuleStats,
} from '../../../shared/model.ts';
import type { RuleStatus, StoredRule } from './rule-store.ts';

export interface RuleRunner {
  /** Starts forwarding for an enabled rule; lifecycle changes come back through `report`. */
  start(rule: StoredRule, report: (status: RuleStatus) => void): void;
  /** Stops the listener and closes the rule's connections; resolves when all is closed. */
  stop(ruleId: string): Promise<void>;
  /** Forgets a removed rule's connection history. */
  forget?(ruleId: string): void;
  stats(ruleId: string): RuleStats;
  /** The rule's probe result (rule-probe.ts); undefined when it has no probe. */
  health?(ruleId: string): Health | undefined;
  connections(ruleId?: string): ConnectionView[];
  /** Batched deltas; returns an unsubscribe function. */
  onConnectionsChanged(listener: (delta: ConnectionsDelta) => void): () => void;
  /** Called (batched) when rule aggregates moved, so rule views can be republished. */
  onStatsChanged(listener: () => void): () => void;
  /** The in-cluster agents a rule uses (agent routes, -R pods); undefined when it uses none. */
  agents?(rule: StoredRule): AgentView[] | undefined;
  /** Agent progress (creating → ready, reconnecting, per-pod joins): rule views must be re-sent. */
  onAgentsChanged?(listener: () => void): () => void;
  dispose(): Promise<void>;
}

export const emptyStats = (): RuleStats => ({
  open: 0,
  total: 0,
  failed: 0,
  bytesUp: 0,
  bytesDown: 0,
  rateUp: 0,
  rateDown: 0,
});

/** A runner that forwards nothing: rules are stored and reported as stopped. */
export function createIdleRunner(): RuleRunner {
  return {
    start: (_rule, report) =>
      report({ state: 'stopped', reason: 'forwarding is not available in this build' }),
    stop: async () => {},
    stats: emptyStats,
    connections: () => [],
    onConnectionsChanged: () => () => {},
    onStatsChanged: () => () => {},
    dispose: async () => {},
  };
}

/** What -R rules need from the reverse machinery (electron/engine/reverse). */
export interface ReverseRules {
  start(rule: StoredRule, report: (status: RuleStatus) => void): void;
  stop(ruleId: string): Promise<void>;
  agents(ruleId: string): AgentView[] | undefined;
  dispose(): Promise<void>;
}

export interface AgentRunnerParts {
  /** -L rules (and the shared connection table, which -R connections are recorded in too). */
  forward: RuleRunner;
  reverse: ReverseRules;
  /** Agents an -L rule's agent route used, by namespace and target. */
  agentViews(rule: StoredRule): AgentView[];
  /** Agent state changes (progress, reconnecting) that should republish rule views. */
  onAgentsChanged(listener: () => void): () => void;
  /** Stops every agent and deletes the agent pods the engine created. */
  disposeAgents(): Promise<void>;
}

/** The runner -R rules start in: -L goes to the forwarder, -R to the reverse runner. */
export function createAgentRunner(p: AgentRunnerParts): RuleRunner {
  const { forward, reverse } = p;
  return {
    start: (rule, report) =>
      rule.parsed.direction === 'R' ? reverse.start(rule, report) : forward.start(rule, report),
    async stop(ruleId) {
      await Promise.all([forward.stop(ruleId), reverse.stop(ruleId)]);
    },
    forget: (ruleId) => forward.forget?.(ruleId),
    stats: (ruleId) => forward.stats(ruleId),
    health: (ruleId) => forward.health?.(ruleId),
    connections: (ruleId) => forward.connections(ruleId),
    onConnectionsChanged: (l) => forward.onConnectionsChanged(l),
    onStatsChanged: (l) => forward.onStatsChanged(l),
    onAgentsChanged: (l) => p.onAgentsChanged(l),
    agents(rule) {
      const list =
        rule.parsed.direction === 'R' ? reverse.agents(rule.rule.id) : p.agentViews(rule);
      return list && list.length ? list : undefined;
    },
    async dispose() {
      await reverse.dispose();
      await forward.dispose();
      await p.disposeAgents();
    },
  };
}
