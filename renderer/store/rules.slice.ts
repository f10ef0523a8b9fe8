import type { StateCreator } from 'zustand';
import type { RuleView } from '../../shared/model.ts';
import type { StoreState } from './index.ts';

/** The rules as the engine reports them; `rules:changed` always carries the full list. */
export interface RulesSlice {
  rules: RuleView[];
  /** True once the first `rules:list` (or `rules:changed`) has arrived: the app-ready signal. */
  rulesLoaded: boolean;
  setRules(rules: RuleView[]): void;
  upsertRule(rule: RuleView): void;
  dropRule(id: string): void;
}

export const initialRules = { rules: [] as RuleView[], rulesLoaded: false };

export const createRulesSlice: StateCreator<StoreState, [], [], RulesSlice> = (set) => ({
  ...initialRules,
  setRules: (rules) => set({ rules, rulesLoaded: true }),
  upsertRule: (rule) =>
    set((s) => {
      const i = s.rules.findIndex((r) => r.id === rule.id);
      if (i === -1) return { rules: [...s.rules, rule] };
      const rules = s.rules.slice();
      rules[i] = rule;
      return { rules };
    }),
  dropRule: (id) =>
    set((s) => {
      const connections = Object.fromEntries(
        Object.entries(s.connections).filter(([, c]) => c.ruleId !== id),
      );
      return { rules: s.rules.filter((r) => r.id !== id), connections };
    }),
});
