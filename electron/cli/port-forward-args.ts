/**
 * `portside port-forward` arguments: mirrord's flags and env overrides (CLI > env), turned into
 * options and then into one RuleInput per `-L`/`-R`. Errors are one line, clap's or mirrord's words.
 */
import { displayName } from '../../shared/display-text.ts';
import type { RuleInput } from '../../shared/model.ts';
import { findDuplicateLocal, findDuplicateRemote } from '../../shared/mirrord-syntax/duplicates.ts';
import { isBindAddress } from '../../shared/mirrord-syntax/host.ts';
import { parseLocalMapping } from '../../shared/mirrord-syntax/local-mapping.ts';
import { parseReverseMapping } from '../../shared/mirrord-syntax/reverse-mapping.ts';
import { formatTarget, parseTargetPath } from '../../shared/mirrord-syntax/target.ts';
import type { ParseResult, Target } from '../../shared/mirrord-syntax/types.ts';
import { REVERSE_NEEDS_TARGET } from '../../shared/mirrord-syntax/validate.ts';
import { flagDisplay, readFlags, type FlagDef } from './argv-tokens.ts';
import { DEFAULT_CONFIG_FILE, PORT_FORWARD_FLAGS } from './port-forward-flags.ts';
import { incomingRuleMode } from './incoming-mode.ts';
import {
  defined,
  unusedAgentSettings,
  type Env,
  type PortForwardOptions,
} from './port-forward-options.ts';
import { collectFlags, settingReader, type Flags, type Setting } from './settings.ts';

export type {
  Env,
  LocalForward,
  PortForwardOptions,
  ReverseForward,
} from './port-forward-options.ts';

const REQUIRED =
  'error: the following required arguments were not provided: <--port-mapping <PORT_MAPPING>|--reverse-port-mapping <REVERSE_PORT_MAPPING>>';

const err = (error: string): { ok: false; error: string } => ({ ok: false, error });
const flag = (key: string): FlagDef => PORT_FORWARD_FLAGS.find((d) => d.key === key) as FlagDef;
const isTargetless = (t: Target | undefined): boolean => !t || t.kind === 'targetless';

function parseForwards<M>(
  raw: readonly string[],
  key: string,
  parse: (s: string) => ParseResult<M>,
): ParseResult<{ spec: string; mapping: M }[]> {
  const out: { spec: string; mapping: M }[] = [];
  for (const spec of raw) {
    const r = parse(spec);
    if (!r.ok)
      return err(`error: invalid value '${spec}' for '${flagDisplay(flag(key))}': ${r.error}`);
    out.push({ spec, mapping: r.value });
  }
  return { ok: true, value: out };
}

function readTarget(s: Setting<string> | undefined): ParseResult<Target | undefined> {
  if (!s) return { ok: true, value: undefined };
  const t = parseTargetPath(s.value);
  return t.ok ? t : err(s.invalid(t.error));
}

/** Every option except the mappings, flag first, then MIRRORD_* variable. */
function readSettings(
  flags: Flags,
  env: Env,
): ParseResult<Omit<PortForwardOptions, 'local' | 'reverse'>> {
  const s = settingReader(flags, env);
  const target = readTarget(s.raw('target', 'MIRRORD_IMPERSONATED_TARGET'));
  if (!target.ok) return target;
  const v = s.finish({
    namespace: s.text('targetNamespace', 'MIRRORD_TARGET_NAMESPACE'),
    configFile: s.text('configFile', 'MIRRORD_CONFIG_FILE'),
    context: s.text('context', 'MIRRORD_KUBE_CONTEXT'),
    kubeconfig: s.text('kubeconfig', 'MIRRORD_KUBECONFIG'),
    acceptInvalidCertificates: s.bool(
      'acceptInvalidCertificates',
      'MIRRORD_ACCEPT_INVALID_CERTIFICATES',
    ),
    agentNamespace: s.text('agentNamespace', 'MIRRORD_AGENT_NAMESPACE'),
    logLevel: s.text('agentLogLevel', 'MIRRORD_AGENT_RUST_LOG'),
    image: s.text('agentImage', 'MIRRORD_AGENT_IMAGE'),
    ttl: s.u16('agentTtl', 'MIRRORD_AGENT_TTL'),
    startupTimeout: s.u16('agentStartupTimeout', 'MIRRORD_AGENT_STARTUP_TIMEOUT'),
    ephemeral: s.bool('ephemeralContainer', 'MIRRORD_EPHEMERAL_CONTAINER'),
    telemetry: s.bool('noTelemetry', 'MIRRORD_TELEMETRY', true),
  });
  if (!v.ok) return v;
  const bindAddress = flags.one('bind') ?? '127.0.0.1';
  if (!isBindAddress(bindAddress)) {
    return err(
      `error: invalid value '${bindAddress}' for '--bind <BIND>': not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1)`,
    );
  }
  const { agentNamespace, logLevel, image, ttl, startupTimeout, ephemeral, telemetry, ...rest } =
    v.value;
  return {
    ok: true,
    value: {
      help: flags.has('help'),
      ...defined({ target: target.value, ...rest }),
      agent: {
        ephemeral: ephemeral ?? false,
        ...defined({ namespace: agentNamespace, logLevel, image, ttl, startupTimeout }),
      },
      telemetry: telemetry ?? true,
      disableVersionCheck: flags.has('disableVersionCheck'),
      json: flags.has('json'),
      bindAddress,
      warnings: [],
    },
  };
}

function checkForwards(o: PortForwardOptions): string | undefined {
  if (o.local.length === 0 && o.reverse.length === 0) return REQUIRED;
  const dup =
    findDuplicateLocal(
      o.local.map((f) => f.mapping),
      o.bindAddress,
    ) ?? findDuplicateRemote(o.reverse.map((f) => f.mapping));
  if (dup) return `error: An error occurred in the port-forwarding process: ${dup}`;
  // With a config file the target may come from it; toRuleInputs checks again after merging.
  if (o.reverse.length > 0 && isTargetless(o.target) && !o.configFile)
    return `error: ${REVERSE_NEEDS_TARGET}`;
  return undefined;
}

function collectWarnings(o: PortForwardOptions): string[] {
  const w: string[] = [];
  if (o.acceptInvalidCertificates) w.push('Accepting invalid certificates');
  if (o.agent.ephemeral && isTargetless(o.target) && !o.configFile) {
    w.push(
      '--ephemeral-container has no effect without a target: a targetless agent runs as its own pod',
    );
  }
  if (!o.configFile) w.push(...unusedAgentSettings(o.agent));
  if (!o.bindAddress.startsWith('127.') && o.bindAddress !== '::1') {
    w.push(
      `listening on ${o.bindAddress}: anyone who can reach this address can use these forwards`,
    );
  }
  return w;
}

/** Parses `portside port-forward` argv; `env` supplies mirrord's MIRRORD_* overrides (flags win). */
export function parsePortForwardArgs(
  argv: readonly string[],
  env: Env = {},
): ParseResult<PortForwardOptions> {
  const tokens = readFlags(argv, PORT_FORWARD_FLAGS);
  if (!tokens.ok) return tokens;
  const flags = collectFlags(tokens.uses, { configFile: DEFAULT_CONFIG_FILE });
  if (!flags.ok) return flags;
  const local = parseForwards(flags.value.many('portMapping'), 'portMapping', parseLocalMapping);
  if (!local.ok) return local;
  const reverse = parseForwards(
    flags.value.many('reversePortMapping'),
    'reversePortMapping',
    parseReverseMapping,
  );
  if (!reverse.ok) return reverse;
  const settings = readSettings(flags.value, env);
  if (!settings.ok) return settings;
  const options: PortForwardOptions = {
    ...settings.value,
    local: local.value,
    reverse: reverse.value,
  };
  if (options.help) return { ok: true, value: options };
  const problem = checkForwards(options);
  if (problem) return err(problem);
  options.warnings = collectWarnings(options);
  return { ok: true, value: options };
}

/** A Kubernetes namespace name (RFC 1123 label); anything else would fail in the cluster later. */
const isNamespaceName = (ns: string): boolean =>
  ns.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns);

/** One RuleInput per -L then per -R, carrying target, namespace, context, kubeconfig and (-L) bind. */
export function toRuleInputs(o: PortForwardOptions): ParseResult<RuleInput[]> {
  if (o.reverse.length > 0 && isTargetless(o.target)) return err(`error: ${REVERSE_NEEDS_TARGET}`);
  const mode = incomingRuleMode(o.reverse.length > 0 ? o.incomingMode : undefined);
  if (!mode.ok) return mode;
  if (o.namespace && !isNamespaceName(o.namespace))
    return err(
      `error: invalid namespace '${displayName(o.namespace)}': a namespace is at most 63 lowercase letters, digits and '-'`,
    );
  const common = defined({
    target: o.target ? formatTarget(o.target) : undefined,
    namespace: o.namespace,
    context: o.context,
    kubeconfig: o.kubeconfig,
  });
  return {
    ok: true,
    value: [
      ...o.local.map((f): RuleInput => ({
        direction: 'L',
        spec: f.spec,
        ...common,
        bindAddress: o.bindAddress,
      })),
      ...o.reverse.map((f): RuleInput => ({
        direction: 'R',
        spec: f.spec,
        ...common,
        ...mode.value,
      })),
    ],
  };
}
