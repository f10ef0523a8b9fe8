/** The `target` key of a mirrord config file: a path, a path object, or `{ path, namespace }`. */
import type { ParseResult, Target } from './types.ts';
import { parseTarget } from './target.ts';

/** What a config file's `target` says; both parts optional (no path = targetless). */
export interface TargetConfig {
  target?: Target;
  namespace?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses mirrord's `target` config value (`TargetFileConfig`: simple or advanced form). */
export function parseTargetConfig(value: unknown): ParseResult<TargetConfig> {
  if (value === undefined || value === null) return { ok: true, value: {} };
  if (!isRecord(value) || !('path' in value || 'namespace' in value)) {
    const t = parseTarget(value);
    return t.ok ? { ok: true, value: { target: t.value } } : t;
  }
  const extra = Object.keys(value).find((k) => k !== 'path' && k !== 'namespace');
  if (extra !== undefined) {
    return {
      ok: false,
      error: `Unknown field \`${extra}\` in target; expected \`path\` and \`namespace\``,
    };
  }
  const { path, namespace } = value;
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') {
    return { ok: false, error: 'target.namespace must be a string' };
  }
  const out: TargetConfig = {};
  if (typeof namespace === 'string') out.namespace = namespace;
  if (path === undefined || path === null) return { ok: true, value: out };
  const t = parseTarget(path);
  if (!t.ok) return t;
  out.target = t.value;
  return { ok: true, value: out };
}
