/** A schema-checked file → MirrordConfig: target via shared/mirrord-syntax, mirrord's verify() checks, warnings. */
import { parseTargetConfig } from '../mirrord-syntax/target-config.ts';
import type { ParseResult } from '../mirrord-syntax/types.ts';
import { agentConfig } from './agent-config.ts';
import { incomingConfig } from './incoming-config.ts';
import { IGNORED_KEYS, type RootRaw } from './schema.ts';
import type { MirrordConfig, StartupRetryConfig } from './types.ts';

const err = (error: string): { ok: false; error: string } => ({ ok: false, error });
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `label/…` or `{ labels: … }`: an operator-only target kind that shared/mirrord-syntax does not model. */
function isLabelTarget(v: unknown): boolean {
  if (typeof v === 'string') return v.startsWith('label/');
  if (!isRecord(v)) return false;
  return 'labels' in v || isLabelTarget(v.path);
}

function target(raw: unknown): ParseResult<Pick<MirrordConfig, 'target' | 'namespace'>> {
  if (isLabelTarget(raw)) {
    return err(
      '`target`: label targets (`label/k=v`) select pods through the mirrord operator and are not supported; name a pod, deployment or other workload instead',
    );
  }
  const t = parseTargetConfig(raw);
  return t.ok ? t : err(`\`target\`: ${t.error}`);
}

const present = (v: unknown): boolean => v !== undefined && v !== null;

/** Every known-but-ignored key the file sets, as `feature.fs`, `agent.dns`, `experimental.x`. */
function ignoredKeys(raw: RootRaw): string[] {
  const network = raw.feature?.network;
  const incoming = isRecord(network) ? network.incoming : undefined;
  const sections: [string, unknown][] = [
    ['', raw],
    ['agent', raw.agent],
    ['feature', raw.feature],
    ['feature.network', network],
    ['feature.network.incoming', incoming],
  ];
  const out: string[] = [];
  for (const [section, value] of sections) {
    if (!isRecord(value)) continue;
    for (const key of IGNORED_KEYS[section as keyof typeof IGNORED_KEYS]) {
      if (present(value[key])) out.push(section === '' ? key : `${section}.${key}`);
    }
  }
  return [...out, ...Object.keys(raw.experimental ?? {}).map((k) => `experimental.${k}`)];
}

function startupRetry(raw: RootRaw['startup_retry']): ParseResult<StartupRetryConfig | undefined> {
  if (!raw) return { ok: true, value: undefined };
  const { min_ms: min, max_ms: max, max_retries: retries } = raw;
  // mirrord's defaults (500, 5000) take part in its min <= max check.
  if ((min ?? 500) > (max ?? 5000)) {
    return err(
      `the value of startup_retry.min_ms \`${min ?? 500}\` cannot be greater than the value of startup_retry.max_ms \`${max ?? 5000}\`.`,
    );
  }
  if (max === 0) return err('the value of startup_retry.max_ms has to be greater than 0.');
  const out: StartupRetryConfig = {};
  if (present(min)) out.minMs = min as number;
  if (present(max)) out.maxMs = max as number;
  if (present(retries)) out.maxRetries = retries as number;
  return { ok: true, value: out };
}

function scalars(raw: RootRaw, out: MirrordConfig): void {
  if (present(raw.kube_context)) out.context = raw.kube_context as string;
  if (present(raw.kubeconfig)) out.kubeconfig = raw.kubeconfig as string;
  if (present(raw.accept_invalid_certificates))
    out.acceptInvalidCertificates = raw.accept_invalid_certificates as boolean;
  if (present(raw.operator)) out.operator = raw.operator as boolean;
  if (present(raw.telemetry)) out.telemetry = raw.telemetry as boolean;
}

/** Builds the config; `key` is the user's session key (absent when mirrord would generate one). */
export function toMirrordConfig(raw: RootRaw, key: string | undefined): ParseResult<MirrordConfig> {
  const warnings: string[] = [];
  const t = target(raw.target);
  if (!t.ok) return t;
  const incoming = incomingConfig(raw.feature, warnings);
  if (!incoming.ok) return incoming;
  const retry = startupRetry(raw.startup_retry);
  if (!retry.ok) return retry;
  const out: MirrordConfig = {
    ...t.value,
    agent: agentConfig(raw.agent, warnings),
    incoming: incoming.value,
    warnings,
  };
  scalars(raw, out);
  if (key !== undefined) out.key = key;
  if (retry.value) out.startupRetry = retry.value;
  if (raw.operator === true) {
    warnings.push(
      '`operator: true` is ignored: Portside works without the mirrord operator and never uses it',
    );
  }
  const ignored = ignoredKeys(raw);
  if (ignored.length > 0) {
    out.ignoredKeys = ignored;
    warnings.push(
      `ignored by port-forward (used by \`mirrord exec\`, the operator or mirrord's own agent): ${ignored.map((k) => `\`${k}\``).join(', ')}`,
    );
  }
  return { ok: true, value: out };
}
