/** The engine as its three hosts (Electron main, CLI, browser host) see it. */
import type {
  ConnectionView,
  ConnectionsDelta,
  KubeChange,
  KubeContext,
  KubeTargets,
  Notice,
  ProfileView,
  RuleInput,
  RuleStatsDelta,
  RuleView,
  Settings,
} from '../../../shared/model.ts';

type Unsubscribe = () => void;

/** Cluster pickers: read through watch caches; `onChanged` tells what to re-ask. */
export interface KubePickers {
  contexts(): Promise<KubeContext[]>;
  namespaces(context: string): Promise<string[]>;
  targets(context: string, namespace: string): Promise<KubeTargets>;
  onChanged(listener: (change: KubeChange) => void): Unsubscribe;
}

/** Named sets of rules that start and stop together. */
export interface Profiles {
  list(): ProfileView[];
  save(profile: { name: string; ruleIds: string[]; previousName?: string }): ProfileView;
  remove(name: string): void;
  start(name: string): Promise<ProfileView>;
  stop(name: string): Promise<ProfileView>;
  onChanged(listener: (profiles: ProfileView[]) => void): Unsubscribe;
}

export interface SettingsStore {
  get(): Settings;
  set(patch: Partial<Settings>): Settings;
  onChanged(listener: (settings: Settings) => void): Unsubscribe;
}

/** App-level notices (e.g. a state file kept aside); bounded, newest last. */
export interface Notices {
  list(): Notice[];
  add(level: Notice['level'], message: string): Notice;
  dismiss(id: string): void;
  onChanged(listener: (notices: Notice[]) => void): Unsubscribe;
}

export interface Engine {
  listRules(): RuleView[];
  /** Validates and stores the rule; starts it when enabled. Rejects with PortsideError. */
  addRule(input: RuleInput): Promise<RuleView>;
  /** Replaces a rule's definition; a running rule restarts with the new one. */
  updateRule(id: string, input: RuleInput): Promise<RuleView>;
  /** A stopped copy of the rule, named "… (copy)". */
  duplicateRule(id: string): Promise<RuleView>;
  /** Removes the rule; it can be brought back with `restoreRule` for a while (undo). */
  removeRule(id: string): Promise<void>;
  restoreRule(id: string): Promise<RuleView>;
  setEnabled(id: string, enabled: boolean): Promise<RuleView>;
  /** Each rule on its own: one failing to start does not stop the others. */
  setEnabledMany(ids: string[], enabled: boolean): Promise<RuleView[]>;
  listConnections(ruleId?: string): ConnectionView[];
  /** Full rule list when a definition or state changes (not on counters); returns an unsubscribe. */
  onRulesChanged(listener: (rules: RuleView[]) => void): Unsubscribe;
  /** Counters of the rules whose stats moved, batched with the connection deltas (≤ ~10/s). */
  onRuleStats(listener: (delta: RuleStatsDelta) => void): Unsubscribe;
  /** Batched connection deltas, at most ~10 per second. */
  onConnectionsChanged(listener: (delta: ConnectionsDelta) => void): Unsubscribe;
  readonly kube: KubePickers;
  readonly profiles: Profiles;
  readonly settings: SettingsStore;
  readonly notices: Notices;
  /** Where rules, profiles and settings persist; undefined when the engine keeps them in memory. */
  readonly stateDir: string | undefined;
  /** Stops every rule and closes every listener and connection; writes pending state. */
  dispose(): Promise<void>;
}
