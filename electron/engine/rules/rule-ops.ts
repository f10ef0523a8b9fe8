/**
 * What the engine does to rules: the store (definitions and state) driven together with the
 * runner (what forwards), plus the undo buffer of removed rules and the two feeds the UI gets:
 * the rule list when a definition or state changes, and counters-only deltas.
 */
import { PortsideError } from '../../../shared/errors.ts';
import type { Rule, RuleInput, RuleStatsDelta, RuleView } from '../../../shared/model.ts';
import type { Engine } from '../api/engine.ts';
import { copyInput, inputOf } from './rule-copies.ts';
import type { RuleRunner } from './rule-runner.ts';
import { TURNED_OFF, type RuleStore, type StoredRule } from './rule-store.ts';
import { createStatsFeed } from './stats-feed.ts';
import { ruleWarnings } from './rule-warnings.ts';

/** Removed rules kept for undo. */
const UNDO_DEPTH = 50;
/**
 * Rules one engine holds; beyond, adding (from any host, import, duplicate or undo) is refused with
 * LimitReached and nothing changes. Peers degrade at 25–30 forwards; 200 leaves room for big profiles.
 */
export const MAX_RULES = 200;

export interface Removed {
  rule: Rule;
  /** Profiles it was in (put back on restore). */
  profiles: string[];
}

export type RuleOps = Pick<
  Engine,
  | 'listRules'
  | 'addRule'
  | 'updateRule'
  | 'duplicateRule'
  | 'setEnabled'
  | 'setEnabledMany'
  | 'onRulesChanged'
  | 'onRuleStats'
> & {
  /** Adds a stored rule under its id (launch); starts it when enabled. */
  restore(rule: Rule): RuleView;
  remove(id: string): Promise<Rule>;
  /** Starts the running rules `match` picks afresh (new cluster settings); returns their ids. */
  restartRunning(match: (rule: Rule) => boolean): string[];
};

export function createRuleOps(store: RuleStore, runner: RuleRunner): RuleOps {
  const ruleListeners = new Set<(rules: RuleView[]) => void>();
  const statsListeners = new Set<(d: RuleStatsDelta) => void>();
  const feed = createStatsFeed();
  const view = (r: StoredRule): RuleView => {
    const agents = runner.agents?.(r);
    const health = r.rule.enabled ? runner.health?.(r.rule.id) : undefined;
    const warnings = ruleWarnings(r);
    return {
      ...r.rule,
      ...r.status,
      stats: runner.stats(r.rule.id),
      ...(agents ? { agents } : {}),
      ...(health ? { health } : {}),
      ...(warnings.length ? { warnings } : {}),
    };
  };
  const views = (): RuleView[] => store.list().map(view);

  // A probe result is part of the rule's state: a change re-sends the rule list (see below).
  let lastHealth = '';
  const healthKey = (): string =>
    JSON.stringify(store.list().map((r) => (r.rule.enabled ? runner.health?.(r.rule.id) : null)));
  const publish = (): void => {
    // A full list carries the stats too: the next delta starts from what it said.
    const list = views();
    lastHealth = healthKey();
    for (const r of list) feed.seen(r.id, r.stats);
    for (const l of [...ruleListeners]) l(list);
  };
  store.onChange(publish);
  // Agent progress changes what a rule shows (its pods and their states), so it is a rule change;
  // only a real difference goes out (the pool reports often while an agent starts).
  let lastAgents = '';
  runner.onAgentsChanged?.(() => {
    const now = JSON.stringify(store.list().map((r) => runner.agents?.(r)));
    if (now === lastAgents) return;
    lastAgents = now;
    publish();
  });
  runner.onStatsChanged(() => {
    if (healthKey() !== lastHealth) publish();
    if (statsListeners.size === 0) return;
    const delta = feed.changes(
      store.list().map((r) => r.rule.id),
      (id) => runner.stats(id),
    );
    if (delta.length) for (const l of [...statsListeners]) l(delta);
  });

  const start = (r: StoredRule): void => {
    store.setStatus(r.rule.id, { state: 'starting' });
    runner.start(r, (status) => store.setStatus(r.rule.id, status));
  };
  const stop = async (id: string): Promise<void> => {
    await runner.stop(id);
    store.setStatus(id, { state: 'stopped', reason: TURNED_OFF });
  };
  const setEnabled = async (id: string, enabled: boolean): Promise<RuleView> => {
    const before = store.get(id).rule.enabled;
    const stored = store.setEnabled(id, enabled);
    if (enabled && !before) start(stored);
    if (!enabled && before) await stop(id);
    return view(store.get(id));
  };
  const add = (input: RuleInput, id?: string): RuleView => {
    if (store.list().length >= MAX_RULES)
      throw new PortsideError(
        'LimitReached',
        `Portside holds at most ${MAX_RULES} rules; remove one before adding another`,
      );
    const stored = store.add(input, id);
    if (stored.rule.enabled) start(stored);
    return view(store.get(stored.rule.id));
  };

  return {
    listRules: views,
    addRule: async (input) => add(input),
    restore: (rule) => add(inputOf(rule), rule.id),
    async updateRule(id, input) {
      const wasEnabled = store.get(id).rule.enabled;
      const next = { ...input, enabled: input.enabled ?? wasEnabled };
      // update() validates first: a bad edit throws and leaves the running rule alone.
      const stored = store.update(id, next);
      if (wasEnabled) await runner.stop(id);
      if (stored.rule.enabled) start(stored);
      else store.setStatus(id, { state: 'stopped', reason: TURNED_OFF });
      return view(store.get(id));
    },
    async duplicateRule(id) {
      return add(copyInput(store.get(id), store.list()));
    },
    async remove(id) {
      store.get(id);
      await runner.stop(id);
      runner.forget?.(id);
      return store.remove(id).rule;
    },
    setEnabled,
    restartRunning(match) {
      const hit = store.list().filter((r) => r.rule.enabled && match(r.rule));
      // The runner replaces a running rule's listener and connections when started again.
      for (const r of hit) start(r);
      return hit.map((r) => r.rule.id);
    },
    async setEnabledMany(ids, enabled) {
      for (const id of ids) store.get(id);
      return Promise.all(ids.map((id) => setEnabled(id, enabled)));
    },
    onRulesChanged(listener) {
      ruleListeners.add(listener);
      return () => ruleListeners.delete(listener);
    },
    onRuleStats(listener) {
      statsListeners.add(listener);
      return () => statsListeners.delete(listener);
    },
  };
}

/** A bounded buffer of removed rules for `rules:restore`. */
export function createUndoBuffer() {
  const removed: Removed[] = [];
  return {
    push(r: Removed): void {
      removed.push(r);
      removed.splice(0, Math.max(0, removed.length - UNDO_DEPTH));
    },
    take(id: string): Removed {
      const i = removed.findIndex((r) => r.rule.id === id);
      if (i < 0)
        throw new PortsideError(
          'NotFound',
          `rule "${id}" cannot be restored (it was removed too long ago)`,
        );
      return removed.splice(i, 1)[0] as Removed;
    },
  };
}
