/**
 * client-node 1.x builds a new https.Agent for every API request (KubeConfig
 * .applySecurityAuthentication), so every read pays a fresh TCP + TLS handshake (10–50 ms each,
 * measured against kube-sim). Resolution runs per connection, so we swap in one keep-alive agent
 * per distinct TLS identity. Proxy agents are left alone.
 */
import https from 'node:https';
import {
  createConfiguration,
  ServerConfiguration,
  type KubeConfig,
  type RequestContext,
  type SecurityAuthentication,
} from '@kubernetes/client-node';
import {
  API_TIMEOUT_MS,
  CREDENTIALS_TIMEOUT_MS,
  credentialsTimeoutError,
  withTimeLimit,
} from './time-limits.ts';

const TLS_KEYS = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
] as const;

type Options = Partial<Record<(typeof TLS_KEYS)[number], unknown>>;

const keyOf = (o: Options): string =>
  JSON.stringify(
    TLS_KEYS.map((k) =>
      Buffer.isBuffer(o[k]) ? (o[k] as Buffer).toString('base64') : (o[k] ?? null),
    ),
  );

/**
 * Replaces a per-request https.Agent by a shared one with the same TLS options (keep-alive for
 * API reads, TLS session resumption for port-forward upgrades). Other agents pass through.
 */
export function createAgentPool(): (agent: unknown) => unknown {
  const agents = new Map<string, https.Agent>();
  return (agent) => {
    if (!agent || (agent as object).constructor !== https.Agent) return agent;
    const options = (agent as https.Agent & { options: Options }).options;
    const key = keyOf(options);
    let shared = agents.get(key);
    if (!shared) {
      if (agents.size > 8) agents.clear(); // rotating client certs: do not grow forever
      const tls = Object.fromEntries(
        TLS_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]),
      );
      shared = new https.Agent({ ...tls, keepAlive: true, maxSockets: 32 });
      agents.set(key, shared);
    }
    return shared;
  };
}

/** Per-request limits; see time-limits.ts. */
export interface RequestLimits {
  apiMs?: number;
  credentialsMs?: number;
}

/**
 * Wraps the kubeconfig's authentication, reusing a keep-alive agent per TLS identity. It also
 * bounds each request: the credential plugin by its own limit, then the request by an abort
 * signal (which also frees the socket, unlike a bare race).
 */
export function keepAliveAuth(kc: KubeConfig, limits: RequestLimits = {}): SecurityAuthentication {
  const pool = createAgentPool();
  const credentialsMs = limits.credentialsMs ?? CREDENTIALS_TIMEOUT_MS;
  return {
    getName: () => 'kubeconfig authentication (keep-alive)',
    async applySecurityAuthentication(context: RequestContext) {
      await withTimeLimit(kc.applySecurityAuthentication(context), credentialsMs, () =>
        credentialsTimeoutError(credentialsMs),
      );
      context.setAgent(pool(context.getAgent()) as https.Agent);
      context.setSignal(AbortSignal.timeout(limits.apiMs ?? API_TIMEOUT_MS));
    },
  };
}

/** Like `kc.makeApiClient`, but with keep-alive connections to the API server. */
export function makeKeepAliveClient<T>(
  kc: KubeConfig,
  api: new (config: ReturnType<typeof createConfiguration>) => T,
  limits: RequestLimits = {},
): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  const config = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: keepAliveAuth(kc, limits) },
  });
  return new api(config);
}
