/** Pure helpers for duplicating and re-adding rules. */
import type { Rule, RuleInput } from '../../../shared/model.ts';
import { formatLocalMapping, formatReverseMapping } from '../../../shared/mirrord-syntax/index.ts';
import type { StoredRule } from './rule-store.ts';
import { defaultRuleName } from './validate-rule.ts';

/** The user-stated part of a stored rule (what `rules:add` would take to make it again). */
export function inputOf(rule: Rule): RuleInput {
  const { id: _id, ...input } = rule;
  return input;
}

/**
 * A stopped copy of `source`, named "… (copy)", on the next port no other rule uses (the port
 * that would collide: local for -L, remote for -R), so the copy is valid at once.
 */
export function copyInput(source: StoredRule, all: StoredRule[]): RuleInput {
  const input: RuleInput = { ...inputOf(source.rule), enabled: false };
  // A generated name describes the spec, which changes: let the copy get its own.
  if (source.rule.name === defaultRuleName(inputOf(source.rule))) delete input.name;
  else input.name = `${source.rule.name} (copy)`;
  const { parsed } = source;
  if (parsed.direction === 'L') {
    const used = new Set(
      all.flatMap((r) => (r.parsed.direction === 'L' ? [r.parsed.mapping.localPort] : [])),
    );
    const localPort = nextFree(parsed.mapping.localPort, used);
    input.spec = formatLocalMapping({ ...parsed.mapping, localPort });
  } else {
    const used = new Set(
      all.flatMap((r) => (r.parsed.direction === 'R' ? [r.parsed.mapping.remotePort] : [])),
    );
    const remotePort = nextFree(parsed.mapping.remotePort, used);
    input.spec = formatReverseMapping({ ...parsed.mapping, remotePort });
  }
  return input;
}

function nextFree(from: number, used: Set<number>): number {
  for (let p = from + 1; p <= 65535; p++) if (!used.has(p)) return p;
  for (let p = 1024; p < from; p++) if (!used.has(p)) return p;
  return from;
}
