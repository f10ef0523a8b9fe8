/** zod issues → one sentence naming the key path, the expectation, what was found, and a suggestion. */
import type { z } from 'zod';
import { SECTION_KEYS } from './schema.ts';
import { nearest } from './suggest.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** `feature.network.incoming.port_mapping[0][1]` */
export function keyPath(path: Path): string {
  let out = '';
  for (const p of path)
    out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out;
}

const sectionOf = (path: Path): string =>
  keyPath(path.map((p) => (typeof p === 'number' ? -1 : p))).replace(/\[-1\]/g, '[]');

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const p of path)
    v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** What was found, short: `"30"`, `7`, `a list`. */
export function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date || (typeof v === 'object' && v.constructor?.name === 'TomlDate'))
    return 'a date';
  return typeof v === 'object' ? 'an object' : typeof v;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a whole number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
  tuple: 'a list',
  null: 'nothing',
};

const where = (path: Path): string => (path.length === 0 ? 'the file' : `\`${keyPath(path)}\``);

function unknownKey(path: Path, key: string): string {
  const full = keyPath([...path, key]);
  const guess = nearest(key, SECTION_KEYS[sectionOf(path)] ?? []);
  if (guess !== undefined)
    return `unknown key \`${full}\`: did you mean \`${keyPath([...path, guess])}\`?`;
  const section = path.length === 0 ? 'at the top level' : `in \`${keyPath(path)}\``;
  return `unknown key \`${full}\`: mirrord has no such setting ${section}`;
}

/** "Wrong type here": a type error, or an enum miss for a value that is not even of the enum's type. */
function typeMismatch(i: Issue, value: unknown): boolean {
  if (i.path.length !== 0) return false;
  if (i.code === 'invalid_type') return true;
  return i.code === 'invalid_value' && !i.values.some((v) => typeof v === typeof value);
}

/** Branches of a union whose input type matched, so their issues are the ones to explain. */
function matchingBranches(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  value: unknown,
): Issue[][] {
  return issue.errors.filter((branch) => !branch.every((i) => typeMismatch(i, value)));
}

function expectedOfUnion(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  const parts = issue.errors.flat().flatMap((i) => {
    if (i.path.length !== 0) return [];
    if (i.code === 'invalid_type') return [EXPECTED[i.expected] ?? i.expected];
    if (i.code === 'invalid_value') return i.values.map((v) => `\`${String(v)}\``);
    return [];
  });
  return [...new Set(parts)].join(' or ');
}

/** The issue to report: a typo'd key explains a "missing" one next to it, so unknown keys come first. */
export function firstIssue(issues: readonly Issue[]): Issue | undefined {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
}

/** One line for one issue; `data` is the parsed file, to show what was actually there. */
export function describeIssue(issue: Issue, data: unknown, base: Path = []): string {
  const path = [...base, ...issue.path];
  const got = shown(valueAt(data, path));
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKey(path, String(issue.keys[0]));
    case 'invalid_union': {
      const branches = matchingBranches(issue, valueAt(data, path));
      const only = branches.length === 1 ? firstIssue(branches[0] ?? []) : undefined;
      if (only) return describeIssue(only, data, path);
      return `${where(path)} must be ${expectedOfUnion(issue) || 'something else'}, not ${got}`;
    }
    case 'invalid_type':
      if (valueAt(data, path) === undefined) return `${where(path)} is missing`;
      return `${where(path)} must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${got}`;
    case 'too_big':
    case 'too_small': {
      const most = issue.code === 'too_big';
      const limit = String(most ? issue.maximum : issue.minimum);
      const v = valueAt(data, path);
      if (Array.isArray(v))
        return `${where(path)} must have ${most ? 'at most' : 'at least'} ${limit} items, not ${v.length}`;
      return `${where(path)} must be ${most ? 'at most' : 'at least'} ${limit}, not ${got}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => `\`${String(v)}\``).join(', ');
      const v = valueAt(data, path);
      const guess = typeof v === 'string' ? nearest(v, issue.values.map(String)) : undefined;
      return `${where(path)} must be one of ${values}, not ${got}${guess ? `: did you mean \`${guess}\`?` : ''}`;
    }
    default:
      return `${where(path)}: ${issue.message}`;
  }
}
