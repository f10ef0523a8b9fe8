/** mirrord target paths (`targetless`, `kind/name[/container/c]`) and their config-file object forms. */
import type { ParseResult, Target, TargetKind } from './types.ts';
import { malformedTarget, unsupportedTarget } from './messages.ts';

/** String prefixes mirrord accepts, `deploy` being an alias of `deployment`. */
const PREFIXES: Readonly<Record<string, TargetKind>> = {
  pod: 'pod',
  deployment: 'deployment',
  deploy: 'deployment',
  rollout: 'rollout',
  job: 'job',
  cronjob: 'cronjob',
  statefulset: 'statefulset',
  service: 'service',
  replicaset: 'replicaset',
};

/** Every target kind, in mirrord's order. */
export const TARGET_KINDS: readonly TargetKind[] = [
  'pod',
  'deployment',
  'rollout',
  'job',
  'cronjob',
  'statefulset',
  'service',
  'replicaset',
];

// Kubernetes object names are DNS-1123 subdomains; container names are DNS-1123 labels.
const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const CONTAINER = new RegExp(`^(?=.{1,63}$)${LABEL}$`);

/** Checks name and container; mirrord does not, and then fails later with "not found". */
function checkNames(
  target: string,
  kind: TargetKind,
  name: string,
  container?: string,
): string | undefined {
  if (name === '') return malformedTarget(target, `the ${kind} name is missing`);
  if (!SUBDOMAIN.test(name)) {
    return malformedTarget(
      target,
      `\`${name}\` is not a valid Kubernetes name (lowercase letters, digits, \`-\` and \`.\`)`,
    );
  }
  if (container === undefined) return undefined;
  if (container === '') return malformedTarget(target, 'the container name is missing');
  if (!CONTAINER.test(container)) {
    return malformedTarget(
      target,
      `\`${container}\` is not a valid container name (lowercase letters, digits and \`-\`, at most 63)`,
    );
  }
  return undefined;
}

function make(kind: TargetKind, name: string, container?: string): Target {
  return container === undefined ? { kind, name } : { kind, name, container };
}

/** Parses a target path string exactly as mirrord's `Target::from_str`, but stricter about shape. */
export function parseTargetPath(path: string): ParseResult<Target> {
  if (path === 'targetless') return { ok: true, value: { kind: 'targetless' } };
  const parts = path.split('/');
  const kind = Object.hasOwn(PREFIXES, parts[0] ?? '') ? PREFIXES[parts[0] ?? ''] : undefined;
  if (!kind) return { ok: false, error: unsupportedTarget(path) };
  const [, name = '', word, container] = parts;
  // mirrord ignores anything after `/container/<c>` and accepts empty names; we do not.
  if (parts.length !== 2 && (parts.length !== 4 || word !== 'container')) {
    return {
      ok: false,
      error: malformedTarget(
        path,
        `expected \`${parts[0]}/<name>\` optionally followed by \`/container/<container>\``,
      ),
    };
  }
  const error = checkNames(path, kind, name, container);
  return error ? { ok: false, error } : { ok: true, value: make(kind, name, container) };
}

/** Object keys of mirrord's config (`{ "cron_job": "x" }`) and the kinds they name. */
const OBJECT_KEYS: Readonly<Record<string, TargetKind>> = {
  pod: 'pod',
  deployment: 'deployment',
  rollout: 'rollout',
  job: 'job',
  cron_job: 'cronjob',
  stateful_set: 'statefulset',
  service: 'service',
  replica_set: 'replicaset',
};
const KEY_LIST = [...Object.keys(OBJECT_KEYS), 'container'].map((k) => `\`${k}\``).join(', ');

function parseTargetObject(obj: Record<string, unknown>): ParseResult<Target> {
  const shown = JSON.stringify(obj);
  const keys = Object.keys(obj);
  const unknown = keys.find((k) => k !== 'container' && !Object.hasOwn(OBJECT_KEYS, k));
  // mirrord's structs use deny_unknown_fields: a typo is an error, not an ignored key.
  if (unknown !== undefined)
    return {
      ok: false,
      error: `Unknown field \`${unknown}\` in target ${shown}; expected one of ${KEY_LIST}`,
    };
  const kindKeys = keys.filter((k) => k !== 'container');
  if (kindKeys.length !== 1)
    return {
      ok: false,
      error: `Target ${shown} must name exactly one of ${KEY_LIST.replace(', `container`', '')}`,
    };
  const key = kindKeys[0] ?? '';
  const kind = OBJECT_KEYS[key] as TargetKind;
  const name = obj[key];
  const container = obj.container ?? undefined;
  if (typeof name !== 'string' || (container !== undefined && typeof container !== 'string')) {
    return {
      ok: false,
      error: `Target ${shown}: \`${key}\` and \`container\` must be strings`,
    };
  }
  const error = checkNames(shown, kind, name, container);
  return error ? { ok: false, error } : { ok: true, value: make(kind, name, container) };
}

/** Parses a target given as a path string or as a config-file object (`{ "pod": "x", "container": "c" }`). */
export function parseTarget(input: unknown): ParseResult<Target> {
  if (typeof input === 'string') return parseTargetPath(input);
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) {
    return parseTargetObject(input as Record<string, unknown>);
  }
  return {
    ok: false,
    error: 'A target must be a path like `pod/<name>` or an object like `{ "pod": "<name>" }`',
  };
}

/** Canonical path (`deploy/x` becomes `deployment/x`); parses back to the same target. */
export function formatTarget(t: Target): string {
  if (t.kind === 'targetless') return 'targetless';
  return `${t.kind}/${t.name}${t.container === undefined ? '' : `/container/${t.container}`}`;
}

/** A RuleInput's target: empty or absent means targetless (surrounding spaces are ignored). */
export function parseRuleTarget(target: string | undefined): ParseResult<Target> {
  const path = (target ?? '').trim();
  return path === '' ? { ok: true, value: { kind: 'targetless' } } : parseTargetPath(path);
}
