/** LabelSelector objects → the `labelSelector` query string the API server filters with. */
import type { V1LabelSelector } from '@kubernetes/client-node';

/** `matchLabels` and `matchExpressions` as one selector string; '' when it selects everything. */
export function selectorString(sel: V1LabelSelector | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** A Service's plain `selector` map as a selector string. */
export function mapSelectorString(sel: Record<string, string> | undefined): string {
  return Object.entries(sel ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

type Labels = Record<string, string> | undefined;
const SET = /^([^\s!=,()<>]+)\s+(in|notin)\s*\((.*)\)$/;
const EQ = /^([^\s!=,()<>]+)\s*(==|=|!=)\s*([^\s!=,()<>]*)$/;
const KEY = /^(!?)\s*([^\s!=,()<>]+)$/;

/** Splits on the commas between requirements (not those inside `in (a,b)`). */
function requirements(sel: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of sel) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((r) => r.trim()).filter((r) => r !== '');
}

function requirement(text: string): (labels: Labels) => boolean {
  const has = (l: Labels, k: string): boolean => l !== undefined && Object.hasOwn(l, k);
  let m = SET.exec(text);
  if (m) {
    const [, key = '', op, list = ''] = m;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in'
      ? (l) => has(l, key) && values.has(l?.[key] ?? '')
      : (l) => !has(l, key) || !values.has(l?.[key] ?? '');
  }
  m = EQ.exec(text);
  if (m) {
    const [, key = '', op, value = ''] = m;
    return op === '!='
      ? (l) => !has(l, key) || l?.[key] !== value
      : (l) => has(l, key) && l?.[key] === value;
  }
  m = KEY.exec(text);
  if (m) {
    const [, not, key = ''] = m;
    return not ? (l) => !has(l, key) : (l) => has(l, key);
  }
  throw new Error(`unsupported label selector requirement "${text}"`);
}

/**
 * Compiles a selector string (the forms `selectorString` writes, plus `==`/`!=`) into a matcher
 * for objects held in memory; throws on anything else so callers can ask the API server instead.
 */
export function labelMatcher(sel: string | undefined): (labels: Labels) => boolean {
  const reqs = requirements(sel ?? '').map(requirement);
  return (labels) => reqs.every((r) => r(labels));
}
