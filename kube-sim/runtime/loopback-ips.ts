/**
 * Fake pod IPs for loopback mode: 10.244.0.0/16, handed out round-robin so a replacement pod
 * gets a new address, and never handed out twice while in use.
 */
const FIRST = (10 << 24) | (244 << 16) | 1; // 10.244.0.1
const COUNT = 65534; // up to 10.244.255.254

/** Allocates and frees pod IPs. */
export class PodIpPool {
  private next = 0;
  private readonly used = new Set<number>();

  allocate(): string {
    for (let tries = 0; tries < COUNT; tries++) {
      const offset = this.next;
      this.next = (this.next + 1) % COUNT;
      if ((FIRST + offset) % 256 === 0 || (FIRST + offset) % 256 === 255) continue; // keep .0/.255 out
      if (this.used.has(offset)) continue;
      this.used.add(offset);
      return toIp(FIRST + offset);
    }
    throw new Error('kube-sim ran out of pod IPs (10.244.0.0/16)');
  }

  release(ip: string): void {
    const n = fromIp(ip);
    if (n !== undefined) this.used.delete(n - FIRST);
  }

  get inUse(): number {
    return this.used.size;
  }
}

function toIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function fromIp(ip: string): number | undefined {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x))) return undefined;
  return ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
}
