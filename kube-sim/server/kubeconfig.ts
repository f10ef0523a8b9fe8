/** The kubeconfig a client needs to reach a kube-sim: CA data, server URL, bearer token. */
import { stringify } from 'yaml';

export const SIM_CONTEXT = 'portside-sim';

/** Renders a kubeconfig with one cluster/user/context named `portside-sim`, namespace `default`. */
export function renderKubeconfig(opts: {
  server: string;
  caPem: string;
  token: string;
  namespace?: string;
}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: SIM_CONTEXT,
        cluster: {
          server: opts.server,
          'certificate-authority-data': Buffer.from(opts.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: SIM_CONTEXT, user: { token: opts.token } }],
    contexts: [
      {
        name: SIM_CONTEXT,
        context: {
          cluster: SIM_CONTEXT,
          user: SIM_CONTEXT,
          namespace: opts.namespace ?? 'default',
        },
      },
    ],
    'current-context': SIM_CONTEXT,
    preferences: {},
  });
}
