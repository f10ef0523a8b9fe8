/** The seam between the rule store and whatever really forwards (listeners, routes, transport). */
import type { ConnectionView, ConnectionsDelta, Health, RuleStats } from '../../../shared/model.ts';
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
