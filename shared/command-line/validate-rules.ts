/** Shared checks for rules from any pasted tool: each rule on its own, then duplicates. */
import type { RuleInput } from '../model.ts';
import {
  findDuplicateLocal,
  findDuplicateRemote,
  parseRule,
  type LocalMapping,
  type ReverseMapping,
} from '../mirrord-syntax/index.ts';

/** The first problem, in mirrord's words, or undefined when every rule is valid. */
export function firstRuleError(rules: readonly RuleInput[]): string | undefined {
  const local: (LocalMapping & { bindAddress?: string })[] = [];
  const reverse: ReverseMapping[] = [];
  for (const rule of rules) {
    const parsed = parseRule(rule);
    if (!parsed.ok) return parsed.error;
    if (parsed.value.direction === 'L') {
      local.push({ ...parsed.value.mapping, bindAddress: rule.bindAddress });
    } else reverse.push(parsed.value.mapping);
  }
  return findDuplicateLocal(local) ?? findDuplicateRemote(reverse);
}
