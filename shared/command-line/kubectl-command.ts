/**
 * `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE …` → rule inputs. A pod or workload becomes a
 * targeted rule to its own port (`local:localhost:remote`); a Service becomes a targetless rule to
 * the Service name, which the engine routes to a ready endpoint's targetPort as kubectl does.
 */
import type { ParseResult } from '../mirrord-syntax/types.ts';
import type { RuleInput } from '../model.ts';
import { allValues, lastValue, readFlags, type FlagSpec } from './flag-reader.ts';
import { dropUndefined } from './mirrord-command.ts';
import type { PastedRules } from './types.ts';
import { firstRuleError } from './validate-rules.ts';

const FLAGS: readonly FlagSpec[] = [
  { key: 'namespace', long: 'namespace', short: 'n', value: true },
  { key: 'context', long: 'context', value: true },
  { key: 'kubeconfig', long: 'kubeconfig', value: true },
  { key: 'address', long: 'address', value: true },
  { key: 'timeout', long: 'pod-running-timeout', value: true },
  { key: 'verbosity', long: 'v', short: 'v', value: true },
];

/** kubectl's resource names (singular, plural, short) → mirrord target kinds; `svc` is special. */
const KINDS: Record<string, string> = {
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  'deployment.apps': 'deployment',
  replicaset: 'replicaset',
  replicasets: 'replicaset',
  rs: 'replicaset',
  'replicaset.apps': 'replicaset',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  'statefulset.apps': 'statefulset',
  service: 'service',
  services: 'service',
  svc: 'service',
};

interface Resource {
  kind: string;
  name: string;
}

function parseResource(arg: string): ParseResult<Resource> {
  const slash = arg.indexOf('/');
  if (slash === -1) return { ok: true, value: { kind: 'pod', name: arg } };
  const kind = KINDS[arg.slice(0, slash).toLowerCase()];
  const name = arg.slice(slash + 1);
  if (!kind || name === '' || name.includes('/')) {
    return {
      ok: false,
      error: `kubectl port-forward takes pod/…, deployment/…, replicaset/…, statefulset/… or service/…, not \`${arg}\``,
    };
  }
  return { ok: true, value: { kind, name } };
}

/** `8080:80` → `8080:host:80`; `:80` and `80` keep the remote number locally (said in a note). */
function toSpec(ports: string, host: string, notes: string[]): ParseResult<string> {
  const [local, remote, extra] = ports.split(':');
  if (extra !== undefined || remote === '' || (remote ?? local) === '') {
    return { ok: false, error: `Invalid port \`${ports}\`: expected [LOCAL_PORT:]REMOTE_PORT` };
  }
  const r = remote ?? local ?? '';
  if (!/^\d+$/.test(r)) {
    return {
      ok: false,
      error: `Port \`${r}\` is a name: write its number (the target picker lists the declared ports)`,
    };
  }
  if (remote !== undefined && local === '') {
    notes.push(
      `\`${ports}\`: kubectl picks a random local port; Portside uses ${r} (change it before saving if taken)`,
    );
    return { ok: true, value: `${host}:${r}` };
  }
  return { ok: true, value: remote === undefined ? `${host}:${r}` : `${local}:${host}:${r}` };
}

/** kubectl binds every listed address; a Portside rule has one, so the first one is kept. */
function bindAddress(list: string | undefined, notes: string[]): string | undefined {
  if (list === undefined) return undefined;
  const all = list.split(',').map((a) => (a.trim() === 'localhost' ? '127.0.0.1' : a.trim()));
  if (all.length > 1)
    notes.push(`--address lists ${all.length} addresses; the rules listen on ${all[0]} only`);
  return all[0];
}

/** Parses the words after `kubectl` (global flags may come before `port-forward`). */
export function parseKubectlArgs(words: readonly string[]): ParseResult<PastedRules> {
  const read = readFlags(words, FLAGS);
  if (!read.ok) return read;
  const r = read.value;
  const [verb, resourceArg, ...portArgs] = r.positionals;
  if (verb !== 'port-forward') {
    return {
      ok: false,
      error: `Only \`kubectl port-forward\` can be pasted, not \`kubectl ${verb ?? ''}\``,
    };
  }
  if (resourceArg === undefined || portArgs.length === 0) {
    return { ok: false, error: 'error: TYPE/NAME and list of ports are required for port-forward' };
  }
  const resource = parseResource(resourceArg);
  if (!resource.ok) return resource;
  const { kind, name } = resource.value;
  const notes: string[] = [];
  const svc = kind === 'service';
  const base: Omit<RuleInput, 'spec'> = dropUndefined({
    direction: 'L' as const,
    target: svc ? undefined : `${kind}/${name}`,
    namespace: lastValue(r, 'namespace'),
    context: lastValue(r, 'context'),
    kubeconfig: lastValue(r, 'kubeconfig'),
    bindAddress: bindAddress(allValues(r, 'address').join(',') || undefined, notes),
  });
  const rules: RuleInput[] = [];
  for (const ports of portArgs) {
    const spec = toSpec(ports, svc ? name : 'localhost', notes);
    if (!spec.ok) return spec;
    rules.push({ ...base, spec: spec.value });
  }
  const error = firstRuleError(rules);
  if (error) return { ok: false, error };
  return { ok: true, value: { tool: 'kubectl', rules, notes } };
}
