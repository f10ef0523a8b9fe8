/** The in-memory rule store: definitions plus their live state; tells listeners on every change. */
import { PortsideError } from '../../../shared/errors.ts';
import type { Rule, RuleInput, RuleState } from '../../../shared/model.ts';
import {
  checkDuplicates,
  validateRuleInput,
  type ParsedRule,
  type ValidRule,
} from './validate-rule.ts';

/** Why a rule that is not enabled is stopped. */
export const TURNED_OFF = 'turned off';

/** Live state of one rule, set by whoever runs it. */
export interface RuleStatus {
  state: RuleState;
  reason?: string;
  listenAddress?: string;
}

export interface StoredRule extends ValidRule {
  status: RuleStatus;
}

export interface RuleStore {
  /** `id` restores a rule under its old id (state file, undo); a new one is drawn otherwise. */
  add(input: RuleInput, id?: string): StoredRule;
  /** Replaces the definition of rule `id` (validated, duplicates checked); status is kept. */
  update(id: string, input: RuleInput): StoredRule;
  get(id: string): StoredRule;
  list(): StoredRule[];
  remove(id: string): StoredRule;
  setEnabled(id: string, enabled: boolean): StoredRule;
  setStatus(id: string, status: RuleStatus): void;
  /** Called after every change; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** Creates an empty store; `newId` is injectable so tests get stable ids. */
export function createRuleStore(newId: () => string): RuleStore {
  const rules = new Map<string, StoredRule>();
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const l of [...listeners]) l();
  };
  const get = (id: string): StoredRule => {
    const r = rules.get(id);
    if (!r)
      throw new PortsideError('NotFound', `no rule with id "${id}" (it may have been removed)`);
    return r;
  };

  return {
    add(input, id) {
      if (id !== undefined && rules.has(id))
        throw new PortsideError('Validation', `a rule with id "${id}" already exists`);
      const valid = validateRuleInput(input, id ?? newId());
      checkDuplicates(valid, rules.values());
      // An enabled rule is born starting, so no host ever shows it as "stopped" for an instant.
      const status: RuleStatus = valid.rule.enabled
        ? { state: 'starting' }
        : { state: 'stopped', reason: TURNED_OFF };
      const stored: StoredRule = { ...valid, status };
      rules.set(valid.rule.id, stored);
      changed();
      return stored;
    },
    update(id, input) {
      const r = get(id);
      const valid = validateRuleInput(input, id);
      checkDuplicates(valid, rules.values());
      r.rule = valid.rule;
      r.parsed = valid.parsed;
      changed();
      return r;
    },
    get,
    list: () => [...rules.values()],
    remove(id) {
      const r = get(id);
      rules.delete(id);
      changed();
      return r;
    },
    setEnabled(id, enabled) {
      const r = get(id);
      if (r.rule.enabled !== enabled) {
        r.rule = { ...r.rule, enabled };
        changed();
      }
      return r;
    },
    setStatus(id, status) {
      const r = rules.get(id);
      if (!r) return; // a runner reporting after removal: nothing to show
      const s = r.status;
      if (
        s.state === status.state &&
        s.reason === status.reason &&
        s.listenAddress === status.listenAddress
      )
        return;
      r.status = { ...status };
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type { ParsedRule, Rule };
