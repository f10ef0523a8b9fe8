/** Turns a user's RuleInput into a stored Rule plus its parsed form, or a PortsideError. */
import { PortsideError } from '../../../shared/errors.ts';
import type { Rule, RuleInput } from '../../../shared/model.ts';
import {
  duplicateLocalError,
  duplicateRemoteError,
} from '../../../shared/mirrord-syntax/messages.ts';
import { joinHostPort, parseRule, type ParsedRule } from '../../../shared/mirrord-syntax/index.ts';
import type { LocalMapping } from '../../../shared/mirrord-syntax/types.ts';

export type { ParsedRule };

export interface ValidRule {
  rule: Rule;
  parsed: ParsedRule;
}

/** Parses spec, target and bind address with the shared parsers; throws a typed PortsideError. */
export function parseRuleInput(input: RuleInput): ParsedRule {
  const r = parseRule(input);
  if (r.ok) return r.value;
  const kind =
    r.field === 'target'
      ? 'InvalidTarget'
      : r.field === 'bindAddress'
        ? 'Validation'
        : 'InvalidSpec';
  throw new PortsideError(kind, r.error);
}

/** Default name shown in lists: `-L 8080:api:80 → deploy/api`. */
export function defaultRuleName(input: RuleInput): string {
  const target = input.target?.trim();
  const base = `-${input.direction} ${input.spec.trim()}`;
  return target && target !== 'targetless' ? `${base} → ${target}` : base;
}

/** Validates one input on its own (not against other rules) and builds the stored Rule. */
export function validateRuleInput(input: RuleInput, id: string): ValidRule {
  const parsed = parseRuleInput(input);
  const bind = input.bindAddress?.trim();
  if (bind && parsed.direction === 'R') {
    throw new PortsideError(
      'Validation',
      '-R rules deliver to 127.0.0.1; a bind address applies to -L only',
    );
  }
  const rule: Rule = {
    ...input,
    id,
    name: input.name?.trim() || defaultRuleName(input),
    enabled: input.enabled ?? true,
    spec: input.spec.trim(),
  };
  if (bind) rule.bindAddress = bind;
  return { rule, parsed };
}

/** The local address an L rule listens on, `127.0.0.1:P` or `[::1]:P`. */
export function localAddressOf(rule: Rule, mapping: LocalMapping): string {
  return joinHostPort(rule.bindAddress || '127.0.0.1', mapping.localPort);
}

const WILDCARDS = new Set(['0.0.0.0', '::']);

/** Two binds on one port collide when they name the same host or either is a wildcard. */
function bindsOverlap(a: Rule, b: Rule): boolean {
  const ha = a.bindAddress || '127.0.0.1';
  const hb = b.bindAddress || '127.0.0.1';
  return ha === hb || WILDCARDS.has(ha) || WILDCARDS.has(hb);
}

/** Throws DuplicateMapping when `candidate` collides with one of `existing` (mirrord's texts). */
export function checkDuplicates(candidate: ValidRule, existing: Iterable<ValidRule>): void {
  for (const other of existing) {
    if (other.rule.id === candidate.rule.id) continue;
    const a = candidate.parsed;
    const b = other.parsed;
    if (a.direction === 'L' && b.direction === 'L') {
      const addr = localAddressOf(candidate.rule, a.mapping);
      if (a.mapping.localPort === b.mapping.localPort && bindsOverlap(candidate.rule, other.rule)) {
        throw new PortsideError(
          'DuplicateMapping',
          `${duplicateLocalError(addr)} (rule "${other.rule.name}")`,
        );
      }
    } else if (a.direction === 'R' && b.direction === 'R') {
      const sameTarget =
        (candidate.rule.target ?? '') === (other.rule.target ?? '') &&
        (candidate.rule.namespace ?? '') === (other.rule.namespace ?? '') &&
        (candidate.rule.context ?? '') === (other.rule.context ?? '');
      if (sameTarget && a.mapping.remotePort === b.mapping.remotePort) {
        throw new PortsideError(
          'DuplicateMapping',
          `${duplicateRemoteError(a.mapping.remotePort)} (rule "${other.rule.name}")`,
        );
      }
    }
  }
}
