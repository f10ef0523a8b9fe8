/**
 * One cluster connection per (kubeconfig, context): the API reader, the context's namespace and a
 * way to open port-forward WebSockets with the kubeconfig's TLS and credentials.
 */
import type { ClientOptions } from 'ws';
import type { KubeConfig } from '@kubernetes/client-node';
import { PortsideError, errorText } from '../../../shared/errors.ts';
import { createKubeApi, type KubeApi } from './kube-api.ts';
import { createAgentPool } from './keepalive-auth.ts';
import { createTlsContexts } from './tls-sessions.ts';
import { forgetExecCredentials } from './credential-refresh.ts';
import { CREDENTIALS_TIMEOUT_MS, credentialsTimeoutError, withTimeLimit } from './time-limits.ts';
import { contextNamespace, type KubeConfigSource } from './kubeconfig.ts';

/** Where to open a v4 port-forward WebSocket, and with which TLS/auth options. */
export interface PortForwardRequest {
  url: string;
  options: ClientOptions;
}

export interface KubeSession {
  api: KubeApi;
  /** The context's namespace, used when a rule names none. */
  namespace: string;
  context: string;
  /** The loaded kubeconfig, for writes the agent needs (absent in test fakes). */
  kubeConfig?: KubeConfig;
  /** URL and options for `GET …/pods/{pod}/portforward?ports=N`. */
  portForwardRequest(namespace: string, pod: string, port: number): Promise<PortForwardRequest>;
  /** The cluster refused our credentials (401): get fresh ones on the next request. */
  refreshCredentials?(): void;
}

export type KubeSessions = (src: KubeConfigSource) => Promise<KubeSession>;

/** Builds the port-forward URL from the cluster's server URL (keeping any path prefix). */
export function portForwardUrl(
  server: string,
  namespace: string,
  pod: string,
  port: number,
): string {
  const base = server.replace(/\/+$/, '').replace(/^http(s?):/, 'ws$1:');
  return `${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward?ports=${port}`;
}

/** A session over an already loaded KubeConfig. */
export function sessionFromKubeConfig(
  kc: KubeConfig,
  api: KubeApi = createKubeApi(kc),
): KubeSession {
  const pool = createAgentPool();
  const shareTls = createTlsContexts();
  return {
    api,
    namespace: contextNamespace(kc),
    context: kc.currentContext,
    kubeConfig: kc,
    refreshCredentials: () => forgetExecCredentials(kc),
    async portForwardRequest(namespace, pod, port) {
      const cluster = kc.getCurrentCluster();
      if (!cluster)
        throw new PortsideError('KubeConfig', `context "${kc.currentContext}" has no cluster`);
      const options: ClientOptions = { headers: {} };
      try {
        // Sets ca/cert/key, an https agent and the Authorization header (exec plugins included).
        await withTimeLimit(kc.applyToHTTPSOptions(options), CREDENTIALS_TIMEOUT_MS, () =>
          credentialsTimeoutError(),
        );
      } catch (err) {
        if (err instanceof PortsideError) throw err;
        throw new PortsideError('Unauthorized', `getting credentials failed: ${errorText(err)}`);
      }
      options.agent = pool(options.agent) as ClientOptions['agent'];
      return {
        url: portForwardUrl(cluster.server, namespace, pod, port),
        options: shareTls(options),
      };
    },
  };
}
