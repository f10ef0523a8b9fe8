/**
 * Rotated credentials: client-node caches an exec plugin's token until the expiry the plugin
 * gave (often 15 min to 1 h). When the cluster starts refusing it (401) before then — the token
 * was revoked or rotated — kubectl runs the plugin again; so do we, by forgetting the cached one.
 * (The cache is a field of client-node's ExecAuth, one per KubeConfig, keyed by user name.)
 */
import type { KubeConfig } from '@kubernetes/client-node';

/** Makes the next request run the exec plugin again instead of reusing a refused token. */
export function forgetExecCredentials(kc: KubeConfig): void {
  const authenticators = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  for (const a of authenticators) {
    const auth = a as { tokenCache?: Record<string, unknown> };
    if (auth.tokenCache && typeof auth.tokenCache === 'object') auth.tokenCache = {};
  }
}
