import type { StateCreator } from 'zustand';
import type { RuleStatsDelta, RuleView } from '../../shared/model.ts';
import { withoutRule } from './connections.slice.ts';
import { pushSample, type RateSample } from './rate-history.ts';
import type { StoreState } from './index.ts';

/**
 * Rules by id plus their order. `rules:changed` carries the full list, but an unchanged rule keeps
 * its object so its row does not re-render; `rules:stats` touches only the rules whose counters
 * moved. Each rule also keeps a short rate history for its sparkline and chart.
 */
export interface RulesSlice {
  ruleIds: string[];
  rulesById: Record<string, RuleView>;
  /** True once the first `rules:list` (or `rules:changed`) has arrived: the app-ready signal. */
  rulesLoaded: boolean;
  rateHistory: Record<string, RateSample[]>;
  setRules(rules: RuleView[], now?: number): void;
  upsertRule(rule: RuleView): void;
  dropRule(id: string): void;
  applyRuleStats(delta: RuleStatsDelta, now?: number): void;
}

export const initialRules = {
  ruleIds: [] as string[],
  rulesById: {} as Record<string, RuleView>,
  rulesLoaded: false,
  rateHistory: {} as Record<string, RateSample[]>,
};

const same = (a: RuleView | undefined, b: RuleView): boolean =>
  a !== undefined && JSON.stringify(a) === JSON.stringify(b);

const sameIds = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((id, i) => id === b[i]);

export const createRulesSlice: StateCreator<StoreState, [], [], RulesSlice> = (set) => ({
  ...initialRules,
  setRules: (rules, now = Date.now()) =>
    set((s) => {
      const rulesById: Record<string, RuleView> = {};
      const rateHistory: Record<string, RateSample[]> = {};
      for (const r of rules) {
        const prev = s.rulesById[r.id];
        rulesById[r.id] = same(prev, r) ? (prev as RuleView) : r;
        const h = s.rateHistory[r.id];
        rateHistory[r.id] =
          h && prev?.stats.rateUp === r.stats.rateUp && prev.stats.rateDown === r.stats.rateDown
            ? h
            : pushSample(h, { t: now, up: r.stats.rateUp, down: r.stats.rateDown });
      }
      const ids = rules.map((r) => r.id);
      // A rule removed elsewhere (tray, another window) takes its connections with it.
      let conns: ReturnType<typeof withoutRule> = s;
      for (const gone of s.ruleIds.filter((id) => !rulesById[id])) conns = withoutRule(conns, gone);
      return {
        ...(conns === s ? {} : conns),
        ruleIds: sameIds(s.ruleIds, ids) ? s.ruleIds : ids,
        rulesById,
        rateHistory,
        rulesLoaded: true,
      };
    }),
  upsertRule: (rule) =>
    set((s) => ({
      rulesById: { ...s.rulesById, [rule.id]: rule },
      ruleIds: s.ruleIds.includes(rule.id) ? s.ruleIds : [...s.ruleIds, rule.id],
    })),
  dropRule: (id) =>
    set((s) => {
      const { [id]: _gone, ...rulesById } = s.rulesById;
      const { [id]: _h, ...rateHistory } = s.rateHistory;
      return {
        ...withoutRule(s, id),
        rulesById,
        rateHistory,
        ruleIds: s.ruleIds.filter((x) => x !== id),
      };
    }),
  applyRuleStats: (delta, now = Date.now()) =>
    set((s) => {
      const rulesById = { ...s.rulesById };
      const rateHistory = { ...s.rateHistory };
      for (const { id, stats } of delta) {
        const rule = rulesById[id];
        if (!rule) continue;
        rulesById[id] = { ...rule, stats };
        rateHistory[id] = pushSample(rateHistory[id], {
          t: now,
          up: stats.rateUp,
          down: stats.rateDown,
        });
      }
      return { rulesById, rateHistory };
    }),
});
