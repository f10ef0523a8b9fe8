/** What a mirrord config file says, as far as port forwarding cares (docs/mirrord-compat.md §5). */
import type { Target } from '../mirrord-syntax/types.ts';

export type { ParseResult } from '../mirrord-syntax/types.ts';

/** Inputs the file cannot know: the environment (for `get_env`, MIRRORD_KEY) and the git branch. */
export interface ConfigContext {
  env: Readonly<Record<string, string | undefined>>;
  /** The checked-out branch; undefined (not empty) when there is none, as in mirrord. */
  gitBranch?: string;
}

export type IncomingMode = 'mirror' | 'steal' | 'off';

/** `feature.network.incoming`, normalised from its shorthand and object forms. */
export interface IncomingConfig {
  mode: IncomingMode;
  /** The file states the mode (`"steal"`, `true`, `{ mode: … }`); else `mode` is mirrord's default. */
  modeStated?: boolean;
  /** The `http_filter` object as written (Portside does not filter HTTP). */
  httpFilter?: unknown;
  /** `[[local, remote], …]` */
  portMapping?: [number, number][];
  ports?: number[];
  ignorePorts?: number[];
  listenPorts?: [number, number][];
}

/** The `agent` keys Portside carries; mirrord-agent internals are reported as ignored. */
export interface AgentConfig {
  namespace?: string;
  /** A non-mirrord image; mirrord's own agent image cannot run Portside's agent and is dropped. */
  image?: string;
  logLevel?: string;
  ttl?: number;
  startupTimeout?: number;
  communicationTimeout?: number;
  ephemeral?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  serviceAccount?: string;
  priorityClass?: string;
  imagePullPolicy?: string;
  imagePullSecrets?: string[];
}

export interface StartupRetryConfig {
  minMs?: number;
  maxMs?: number;
  maxRetries?: number;
}

/** A parsed, validated mirrord config file. */
export interface MirrordConfig {
  target?: Target;
  /** `target.namespace` */
  namespace?: string;
  /** `kube_context` */
  context?: string;
  /** As written: `~` and `$VAR` are expanded by the Node side, which knows home and env. */
  kubeconfig?: string;
  acceptInvalidCertificates?: boolean;
  operator?: boolean;
  /** The session key when the user set one (file or MIRRORD_KEY); absent when generated. */
  key?: string;
  telemetry?: boolean;
  startupRetry?: StartupRetryConfig;
  agent: AgentConfig;
  incoming: IncomingConfig;
  /** Things accepted but not acted on, in words for the user. */
  warnings: string[];
  /** Known keys the file sets that port forwarding does not use (`feature.fs`, `agent.dns`). */
  ignoredKeys?: string[];
}
