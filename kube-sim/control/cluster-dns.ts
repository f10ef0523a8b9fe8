/** Name lookups against the store, as the cluster DNS answers them for Services. */
import type { Store } from '../store/store.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- endpoints are open JSON here */

const ZONE = '.svc.cluster.local';

/** Ready pod IPs of `svc` in `ns`, or only the one whose hostname is `host` (StatefulSet pods). */
function lookupFqdn(store: Store, fqdn: string): string[] {
  if (!fqdn.endsWith(ZONE)) return [];
  const parts = fqdn.slice(0, -ZONE.length).split('.');
  if (parts.length !== 2 && parts.length !== 3) return [];
  const [host, svc, ns] = parts.length === 3 ? parts : [undefined, ...parts];
  const ep = store.get('endpoints', ns, svc!);
  const addrs: any[] = ((ep as any)?.subsets ?? []).flatMap((s: any) => s.addresses ?? []);
  return [...new Set(addrs.filter((a) => !host || a.hostname === host).map((a) => String(a.ip)))];
}

/**
 * Resolves a name the way a pod's resolver would with the cluster search path
 * (`<ns>.svc.cluster.local`, `svc.cluster.local`, `cluster.local`): `svc`, `svc.ns`,
 * `svc.ns.svc.cluster.local` and `pod.svc[.ns…]` for StatefulSet pods under their Service.
 * Loopback mode has no Service VIPs, so a Service answers with its ready pod IPs (like a headless one).
 */
export function resolveServiceName(store: Store, name: string, namespace: string): string[] {
  const n = name.replace(/\.$/, '');
  const candidates = [`${n}.${namespace}${ZONE}`, `${n}${ZONE}`, `${n}.cluster.local`, n];
  for (const fqdn of candidates) {
    const ips = lookupFqdn(store, fqdn);
    if (ips.length) return ips;
  }
  return [];
}
