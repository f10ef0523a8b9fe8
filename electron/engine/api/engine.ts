/** The engine as its three hosts (Electron main, CLI, browser host) see it. */
import type {
  ConnectionView,
  ConnectionsDelta,
  RuleInput,
  RuleView,
} from '../../../shared/model.ts';

export interface Engine {
  listRules(): RuleView[];
  /** Validates and stores the rule; starts it when enabled. Rejects with PortsideError. */
  addRule(input: RuleInput): Promise<RuleView>;
  removeRule(id: string): Promise<void>;
  setEnabled(id: string, enabled: boolean): Promise<RuleView>;
  listConnections(ruleId?: string): ConnectionView[];
  /** Full rule list on every change (rules are few); returns an unsubscribe function. */
  onRulesChanged(listener: (rules: RuleView[]) => void): () => void;
  /** Batched connection deltas, at most ~10 per second. */
  onConnectionsChanged(listener: (delta: ConnectionsDelta) => void): () => void;
  /** Stops every rule and closes every listener and connection. */
  dispose(): Promise<void>;
}
