/** Derived reads shared by components and tests; each returns stable values for useShallow. */
import type { RuleView } from '../../shared/model.ts';
import type { StoreState } from './index.ts';

/** The rules in host order. */
export const selectRules = (s: StoreState): RuleView[] =>
  s.ruleIds.map((id) => s.rulesById[id]).filter((r): r is RuleView => r !== undefined);

/** Lower-cased text a filter matches against: name, spec, target, namespace, context, state. */
export function ruleHaystack(r: RuleView): string {
  return [
    r.name,
    `-${r.direction}`,
    r.spec,
    r.target,
    r.namespace,
    r.context,
    r.state,
    r.listenAddress,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/** Ids of the rules the filter box lets through (every word must match). */
export function selectVisibleRuleIds(s: StoreState): string[] {
  const words = s.filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return s.ruleIds;
  return s.ruleIds.filter((id) => {
    const r = s.rulesById[id];
    if (!r) return false;
    const hay = ruleHaystack(r);
    return words.every((w) => hay.includes(w));
  });
}
