/** `mirrord port-forward …` (and `portside port-forward …`, same flags) → rule inputs. */
import type { ParseResult } from '../mirrord-syntax/types.ts';
import type { RuleInput } from '../model.ts';
import { allValues, lastValue, readFlags, type FlagSpec } from './flag-reader.ts';
import type { PastedRules } from './types.ts';
import { firstRuleError } from './validate-rules.ts';

const flag = (key: string, long: string, short?: string, value = true): FlagSpec => ({
  key,
  long,
  short,
  value,
});

/** mirrord's port-forward flags (mirrord/cli/src/config.rs `PortForwardArgs`) plus our `--bind`. */
const FLAGS: readonly FlagSpec[] = [
  { ...flag('L', 'port-mapping', 'L'), aliases: ['port-mappings'] },
  flag('R', 'reverse-port-mapping', 'R'),
  flag('target', 'target', 't'),
  flag('namespace', 'target-namespace', 'n'),
  flag('context', 'context'),
  flag('kubeconfig', 'kubeconfig'),
  flag('bind', 'bind'),
  flag('configFile', 'config-file', 'f'),
  flag('agentNamespace', 'agent-namespace', 'a'),
  flag('agentLogLevel', 'agent-log-level', 'l'),
  flag('agentImage', 'agent-image', 'i'),
  flag('agentTtl', 'agent-ttl'),
  flag('agentStartupTimeout', 'agent-startup-timeout'),
  flag('insecure', 'accept-invalid-certificates', 'c', false),
  flag('ephemeral', 'ephemeral-container', 'e', false),
  flag('noTelemetry', 'no-telemetry', undefined, false),
  flag('noVersionCheck', 'disable-version-check', undefined, false),
];

const IGNORED: Record<string, string> = {
  agentNamespace: '--agent-namespace',
  agentLogLevel: '--agent-log-level',
  agentImage: '--agent-image',
  agentTtl: '--agent-ttl',
  agentStartupTimeout: '--agent-startup-timeout',
  insecure: '--accept-invalid-certificates',
  ephemeral: '--ephemeral-container',
};

const MISSING_MAPPING =
  'error: the following required arguments were not provided: <--port-mapping <PORT_MAPPING>|--reverse-port-mapping <REVERSE_PORT_MAPPING>>';

/** Parses the words after `port-forward`; every `-L`/`-R` becomes one rule. */
export function parseMirrordArgs(words: readonly string[]): ParseResult<PastedRules> {
  const read = readFlags(words, FLAGS);
  if (!read.ok) return read;
  const r = read.value;
  if (r.positionals.length > 0) {
    return { ok: false, error: `error: unexpected argument '${r.positionals[0]}' found` };
  }
  if (r.flags.some((f) => f.key === 'configFile')) {
    return {
      ok: false,
      error: 'A config file (-f) cannot be pasted: import the file itself (drop it on the window)',
    };
  }
  const common = {
    target: lastValue(r, 'target'),
    namespace: lastValue(r, 'namespace'),
    context: lastValue(r, 'context'),
    kubeconfig: lastValue(r, 'kubeconfig'),
    bindAddress: lastValue(r, 'bind'),
  };
  const rules: RuleInput[] = [
    ...allValues(r, 'L').map((spec) => ({ direction: 'L' as const, spec, ...common })),
    ...allValues(r, 'R').map((spec) => ({ direction: 'R' as const, spec, ...common })),
  ].map(dropUndefined);
  if (rules.length === 0) return { ok: false, error: MISSING_MAPPING };
  const error = firstRuleError(rules);
  if (error) return { ok: false, error };
  const used = new Set(r.flags.map((f) => f.key));
  const notes = Object.entries(IGNORED)
    .filter(([key]) => used.has(key))
    .map(([, name]) => `${name} is not used by Portside rules and was left out`);
  return { ok: true, value: { tool: 'mirrord', rules, notes } };
}

/** Leaves absent fields out, so a rule input compares and serializes cleanly. */
export function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
