/**
 * The address plan of netns mode. All ranges are reserved for documentation/benchmarking and live
 * only inside namespaces this runtime creates; the host never gets a route to any of them.
 */

/** The node namespace's bridge; every pod's default gateway. */
export const BRIDGE_IP = '198.18.0.1';
/** Cluster DNS, a second address on the bridge (outside the pod and Service ranges). */
export const DNS_IP = '198.18.0.10';
/** Pod IPs come from here (198.18.1.1 upward). */
export const POD_CIDR = '198.18.0.0/16';
/** Service ClusterIPs must be allocated from here by the API server in netns mode. */
export const SERVICE_CIDR = '198.19.0.0/16';
/** The "outside world": external hosts named in the scenario. */
export const WORLD_CIDR = '198.51.100.0/24';
/** Node side and world side of the node↔world link. */
export const WORLD_LINK_NODE_IP = '198.51.100.253';
export const WORLD_LINK_WORLD_IP = '198.51.100.254';
/** First address handed to an external host. */
export const FIRST_EXTERNAL_HOST = 10;

/** Hands out pod IPs in order, never reusing one while addresses remain (a replacement pod gets a new IP). */
export function createPodIpam(): { allocate(): string; release(ip: string): void } {
  const inUse = new Set<string>();
  let next = 256; // 198.18.1.0
  const toIp = (n: number): string => `198.18.${n >> 8}.${n & 255}`;
  return {
    allocate(): string {
      for (let tries = 0; tries < 65536; tries++) {
        const n = next;
        next = next >= 65534 ? 256 : next + 1;
        const host = n & 255;
        if (host === 0 || host === 255) continue;
        const ip = toIp(n);
        if (inUse.has(ip)) continue;
        inUse.add(ip);
        return ip;
      }
      throw new Error('kube-sim netns: pod address range 198.18.0.0/16 is exhausted');
    },
    release(ip: string): void {
      inUse.delete(ip);
    },
  };
}

/** Address of the external host with the given index in the scenario's list. */
export function externalHostIp(index: number): string {
  return `198.51.100.${FIRST_EXTERNAL_HOST + index}`;
}
