/** Remote host classification for `-L`: IPv4 literal, IPv6 literal (our extension) or hostname. */

export type HostKind = 'ipv4' | 'ipv6' | 'hostname';

const OCTET = /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

/** Strict dotted quad without leading zeros, like Rust's `Ipv4Addr::from_str`. */
export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function groupsOk(groups: string[], allowV4Tail: boolean): number | undefined {
  let count = 0;
  for (const [i, g] of groups.entries()) {
    if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
      if (!isIpv4(g)) return undefined;
      count += 2;
    } else if (HEXTET.test(g)) count += 1;
    else return undefined;
  }
  return count;
}

/** RFC 4291 text form (with `::` and an optional dotted IPv4 tail); zone ids are not accepted. */
export function isIpv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 1) return groupsOk(s.split(':'), true) === 8;
  const [head = '', tail = ''] = halves;
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const l = groupsOk(left, false);
  const r = groupsOk(right, true);
  return l !== undefined && r !== undefined && l + r <= 7;
}

// DNS names and the short Service names used in clusters (`svc`, `svc.ns`, a trailing dot allowed).
// `_` is allowed because real clusters have such names (SRV-style records, some headless services).
const HOSTNAME =
  /^(?=.{1,254}$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** True for something that can be looked up as a DNS name. */
export function isHostname(s: string): boolean {
  return HOSTNAME.test(s);
}

/** Classifies an (unbracketed) remote host, or undefined when it is none of the three. */
export function hostKind(host: string): HostKind | undefined {
  if (isIpv4(host)) return 'ipv4';
  if (host.includes(':')) return isIpv6(host) ? 'ipv6' : undefined;
  // Four numeric labels that are not a valid IPv4 address are a typo, not a hostname.
  if (/^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/.test(host)) return undefined;
  return isHostname(host) ? 'hostname' : undefined;
}

/** `host:port`, with brackets around IPv6 literals (`[fd00::1]:80`). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** True for an address a listener may bind: an IPv4 or IPv6 literal. */
export function isBindAddress(s: string): boolean {
  return isIpv4(s) || isIpv6(s);
}

/** True for names and addresses only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
