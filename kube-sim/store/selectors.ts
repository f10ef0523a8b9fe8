/** Label selectors (equality and set-based, string and object forms) and field selectors. */
import { statusErrors } from './status-error.ts';
import type { KubeObject } from './types.ts';

type Op = 'exists' | 'notexists' | 'in' | 'notin' | 'gt' | 'lt';

interface Requirement {
  key: string;
  op: Op;
  values: string[];
}

/** A compiled selector; an empty selector matches everything. */
export type Matcher = (labels: Record<string, string> | undefined) => boolean;

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[-A-Za-z0-9_.]*`;
const reNot = new RegExp(`^!\\s*(${KEY})$`);
const reSet = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\((.*)\\)$`);
const reEq = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const reCmp = new RegExp(`^(${KEY})\\s*(>|<)\\s*(\\d+)$`);
const reKey = new RegExp(`^(${KEY})$`);

/** Splits on commas that are not inside `( … )`. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parseRequirement(text: string): Requirement {
  let m = reNot.exec(text);
  if (m) return { key: m[1]!, op: 'notexists', values: [] };
  m = reSet.exec(text);
  if (m) {
    const values = m[3]!
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return { key: m[1]!, op: m[2] === 'in' ? 'in' : 'notin', values };
  }
  m = reEq.exec(text);
  if (m) return { key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] };
  m = reCmp.exec(text);
  if (m) return { key: m[1]!, op: m[2] === '>' ? 'gt' : 'lt', values: [m[3]!] };
  m = reKey.exec(text);
  if (m) return { key: m[1]!, op: 'exists', values: [] };
  throw statusErrors.badRequest(`unable to parse requirement: ${JSON.stringify(text)}`);
}

function matches(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case 'in':
      return has && req.values.includes(value!);
    case 'notin':
      return !has || !req.values.includes(value!);
    case 'gt':
      return has && Number(value) > Number(req.values[0]);
    case 'lt':
      return has && Number(value) < Number(req.values[0]);
  }
}

function compile(reqs: Requirement[]): Matcher {
  return (labels) => reqs.every((r) => matches(r, labels ?? {}));
}

/** Parses `a=b,c!=d,e in (x,y),!f` (the `labelSelector` query syntax); throws 400 when malformed. */
export function parseLabelSelector(text: string | undefined | null): Matcher {
  if (!text) return () => true;
  return compile(splitTopLevel(text).map(parseRequirement));
}

/** The LabelSelector object form (`matchLabels` + `matchExpressions`). An absent selector matches nothing. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const exprOps: Record<string, Op> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: 'notexists',
};

/** Compiles a LabelSelector object; `undefined` matches nothing, `{}` matches everything. */
export function selectorMatcher(sel: LabelSelector | undefined | null): Matcher {
  if (!sel) return () => false;
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({
    key,
    op: 'in' as const,
    values: [v],
  }));
  for (const e of sel.matchExpressions ?? []) {
    const op = exprOps[e.operator];
    if (!op)
      throw statusErrors.badRequest(
        `${JSON.stringify(e.operator)} is not a valid label selector operator`,
      );
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return compile(reqs);
}

/** A plain map selector (Service `spec.selector`); empty or absent matches nothing, as for Services. */
export function mapMatcher(sel: Record<string, string> | undefined | null): Matcher {
  if (!sel || Object.keys(sel).length === 0) return () => false;
  return compile(Object.entries(sel).map(([key, v]) => ({ key, op: 'in' as const, values: [v] })));
}

/** Turns a LabelSelector object into the query-string form. */
export function selectorToString(sel: LabelSelector | Record<string, string> | undefined): string {
  if (!sel) return '';
  const asSel = sel as LabelSelector;
  const isObject = 'matchLabels' in sel || 'matchExpressions' in sel;
  const labels = isObject ? (asSel.matchLabels ?? {}) : (sel as Record<string, string>);
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  for (const e of isObject ? (asSel.matchExpressions ?? []) : []) {
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}

/** Object predicate for a `fieldSelector` (`metadata.name=x,status.phase!=Running`). */
export type FieldMatcher = (obj: KubeObject) => boolean;

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

/** Parses a `fieldSelector`; any dotted path is accepted, compared as a string. */
export function parseFieldSelector(text: string | undefined | null): FieldMatcher {
  if (!text) return () => true;
  const reqs = splitTopLevel(text).map((part) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m)
      throw statusErrors.badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    return { path: m[1]!, neg: m[2] === '!=', value: m[3]!.trim() };
  });
  return (obj) => reqs.every((r) => (fieldValue(obj, r.path) === r.value) !== r.neg);
}
