/**
 * The few API writes agents need (add an ephemeral container, create and delete an agent pod),
 * as plain HTTPS with the kubeconfig's TLS and credentials, each under a time limit. A refusal
 * becomes words naming what was refused; 403 names the verb and resource RBAC must allow.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { request, type RequestOptions } from 'node:https';
import { PortsideError, errorText } from '../../../shared/errors.ts';

export interface KubeWriter {
  patchEphemeral(namespace: string, pod: string, container: object): Promise<void>;
  createPod(namespace: string, pod: object): Promise<void>;
  deletePod(namespace: string, name: string): Promise<void>;
}

interface Call {
  method: 'PATCH' | 'POST' | 'DELETE';
  path: string;
  body?: object;
  contentType?: string;
  /** `patch` + `pods/ephemeralcontainers`: what RBAC must allow, for a 403. */
  verb: string;
  resource: string;
  namespace: string;
}

const TIMEOUT_MS = 15_000;

function refusal(c: Call, status: number, text: string): PortsideError {
  let message = text.trim();
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? message;
  } catch {
    // not a Status object: keep the text
  }
  if (status === 403)
    return new PortsideError(
      'Forbidden',
      `the cluster does not allow "${c.verb}" on "${c.resource}" in namespace "${c.namespace}", which the agent needs (${message})`,
    );
  if (status === 401)
    return new PortsideError(
      'Unauthorized',
      `the cluster rejected our credentials (401): ${message}`,
    );
  if (status === 404) return new PortsideError('TargetNotFound', message);
  return new PortsideError(
    'Network',
    `${c.verb} ${c.resource} failed (HTTP ${status}): ${message}`,
  );
}

async function send(kc: KubeConfig, c: Call): Promise<void> {
  const server = kc.getCurrentCluster()?.server;
  if (!server)
    throw new PortsideError('KubeConfig', `context "${kc.currentContext}" has no cluster`);
  const opts: RequestOptions = { method: c.method, headers: {} };
  await kc.applyToHTTPSOptions(opts as never);
  const body = c.body ? JSON.stringify(c.body) : undefined;
  const headers: Record<string, string> = {
    ...(opts.headers as Record<string, string>),
    Accept: 'application/json',
  };
  if (body) headers['Content-Type'] = c.contentType ?? 'application/json';
  const url = `${server.replace(/\/+$/, '')}${c.path}`;
  await new Promise<void>((resolve, reject) => {
    // agent: false — a handful of calls per agent; no keep-alive socket outlives the engine.
    const req = request(url, { ...opts, agent: false, headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.length < 256 && chunks.push(d));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(refusal(c, status, Buffer.concat(chunks).toString('utf8')));
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err) =>
      reject(
        err instanceof PortsideError
          ? err
          : new PortsideError('Network', `cannot reach the cluster API: ${errorText(err)}`),
      ),
    );
    req.end(body);
  });
}

const podPath = (ns: string, name = ''): string =>
  `/api/v1/namespaces/${encodeURIComponent(ns)}/pods${name ? `/${encodeURIComponent(name)}` : ''}`;

/** A writer over a loaded kubeconfig. */
export function createKubeWriter(kc: KubeConfig): KubeWriter {
  return {
    patchEphemeral: (namespace, pod, container) =>
      send(kc, {
        method: 'PATCH',
        path: `${podPath(namespace, pod)}/ephemeralcontainers`,
        body: { spec: { ephemeralContainers: [container] } },
        contentType: 'application/strategic-merge-patch+json',
        verb: 'patch',
        resource: 'pods/ephemeralcontainers',
        namespace,
      }),
    createPod: (namespace, pod) =>
      send(kc, {
        method: 'POST',
        path: podPath(namespace),
        body: pod,
        verb: 'create',
        resource: 'pods',
        namespace,
      }),
    deletePod: (namespace, name) =>
      send(kc, {
        method: 'DELETE',
        path: podPath(namespace, name),
        body: { gracePeriodSeconds: 0 },
        verb: 'delete',
        resource: 'pods',
        namespace,
      }).catch((err: unknown) => {
        if (!(err instanceof PortsideError && err.kind === 'TargetNotFound')) throw err;
      }),
  };
}
