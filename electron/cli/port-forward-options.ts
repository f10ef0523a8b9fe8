/** The shape of `portside port-forward`'s parsed command line. */
import type { LocalMapping, ReverseMapping, Target } from '../../shared/mirrord-syntax/types.ts';

/** Environment as a plain map, so tests never touch process.env. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface LocalForward {
  /** The argument as typed (`18080:py-serv:80`). */
  spec: string;
  mapping: LocalMapping;
}

export interface ReverseForward {
  spec: string;
  mapping: ReverseMapping;
}

/** Agent settings; only used by the agent route, accepted now for mirrord compatibility. */
export interface AgentOptions {
  namespace?: string;
  logLevel?: string;
  image?: string;
  ttl?: number;
  startupTimeout?: number;
  ephemeral: boolean;
}

/** Everything the command line and environment say; a config file (if any) is merged by the caller. */
export interface PortForwardOptions {
  help: boolean;
  local: LocalForward[];
  reverse: ReverseForward[];
  target?: Target;
  namespace?: string;
  /** From `-f` (bare: `./.mirrord/mirrord.json`) or MIRRORD_CONFIG_FILE; `-` means stdin. */
  configFile?: string;
  context?: string;
  kubeconfig?: string;
  acceptInvalidCertificates?: boolean;
  agent: AgentOptions;
  telemetry: boolean;
  disableVersionCheck: boolean;
  json: boolean;
  /** Local listen address for -L (ours; mirrord always binds 127.0.0.1). */
  bindAddress: string;
  /** Lines to print on stderr before starting (mirrord prints "Accepting invalid certificates"). */
  warnings: string[];
  /** `feature.network.incoming.mode` when a `-f` file states it (see incomingRuleMode). */
  incomingMode?: 'mirror' | 'steal' | 'off';
}

/** Copies only the keys whose value is defined (so JSON and equality stay clean). */
export function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * mirrord's agent settings Portside accepts but does not need, said once instead of ignored
 * silently: its agent is an ephemeral container in the target pod (so it lives in the pod's
 * namespace, as mirrord's ephemeral agent does) or, targetless, a pod in the target namespace
 * (mirrord overrides agent.namespace there too) that a clean stop deletes and
 * activeDeadlineSeconds bounds — there is no Job whose ttl would matter.
 */
export function unusedAgentSettings(agent: Partial<AgentOptions>): string[] {
  const w: string[] = [];
  if (agent.namespace !== undefined)
    w.push(
      `agent namespace "${agent.namespace}" is not used: the agent runs in the target pod, or targetless in the target namespace`,
    );
  if (agent.ttl !== undefined)
    w.push(
      'agent ttl is not used: Portside deletes its agent pods on stop, and activeDeadlineSeconds bounds a crashed run',
    );
  if (agent.logLevel !== undefined)
    w.push('agent log level is not used: the Portside agent reports errors on its connections');
  return w;
}
