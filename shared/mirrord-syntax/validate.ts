/** Validation of a rule's spec and target as the engine and the rule editor need it. */
import type { RuleInput } from '../model.ts';
import type { ParsedRule, ParsedSpec, ParseResult } from './types.ts';
import { isBindAddress } from './host.ts';
import { parseLocalMapping } from './local-mapping.ts';
import { parseReverseMapping } from './reverse-mapping.ts';
import { parseRuleTarget } from './target.ts';

/** Our pre-check; mirrord starts anyway and fails later with a misleading agent error (§4). */
export const REVERSE_NEEDS_TARGET =
  '-R needs a target (e.g. `--target pod/<name>` or `deployment/<name>`): traffic arriving at a remote port can only be taken from a pod, not targetless';

/** Parses a RuleInput's spec for its direction; surrounding spaces (pasted text) are ignored. */
export function validateRuleSpec(direction: 'L' | 'R', spec: string): ParseResult<ParsedSpec> {
  const text = spec.trim();
  if (direction === 'L') {
    const m = parseLocalMapping(text);
    return m.ok ? { ok: true, value: { direction, mapping: m.value } } : m;
  }
  const m = parseReverseMapping(text);
  return m.ok ? { ok: true, value: { direction, mapping: m.value } } : m;
}

/** Which field of a RuleInput an error belongs to, so the editor can show it in place. */
export type RuleField = 'spec' | 'target' | 'bindAddress';

/** Validates spec, target and bind address of one rule on its own (duplicates are checked elsewhere). */
export function parseRule(
  input: Pick<RuleInput, 'direction' | 'spec' | 'target' | 'bindAddress'>,
): ParseResult<ParsedRule> & { field?: RuleField } {
  const spec = validateRuleSpec(input.direction, input.spec);
  if (!spec.ok) return { ...spec, field: 'spec' };
  const target = parseRuleTarget(input.target);
  if (!target.ok) return { ...target, field: 'target' };
  if (spec.value.direction === 'R' && target.value.kind === 'targetless') {
    return { ok: false, error: REVERSE_NEEDS_TARGET, field: 'target' };
  }
  const bind = input.bindAddress?.trim();
  if (bind && !isBindAddress(bind)) {
    return {
      ok: false,
      error: `Bind address \`${bind}\` is not an IP address (e.g. 127.0.0.1 or ::1)`,
      field: 'bindAddress',
    };
  }
  return { ok: true, value: { ...spec.value, target: target.value } };
}
