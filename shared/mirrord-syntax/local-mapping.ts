/** `-L [local_port:]remote_host:remote_port` (mirrord's `AddrPortMapping`, plus `[IPv6]` hosts). */
import type { LocalMapping, ParseResult } from './types.ts';
import { hostKind, isIpv4, isIpv6, joinHostPort } from './host.ts';
import { invalidFormat } from './messages.ts';
import { parsePort } from './ports.ts';

// `[local:][v6]:remote`; the parts between colons must not contain brackets or colons themselves.
const BRACKETED = /^(?:([^:[\]]*):)?\[([^[\]]*)\]:([^:[\]]*)$/;

// Hints appended to mirrord's text (which stays a prefix, so grepping for it still works).
function formatHint(parts: string[]): string {
  const v6 = (p: string[]): boolean => p.length > 0 && isIpv6(p.join(':'));
  if (v6(parts.slice(1, -1)) || v6(parts.slice(0, -1))) {
    return ' (write an IPv6 address in brackets, e.g. `8080:[fd00::1]:80`)';
  }
  if (parts.length === 4 && (isIpv4(parts[0] ?? '') || parts[0] === 'localhost')) {
    return ' (the local bind address is a separate setting, e.g. `--bind 0.0.0.0`)';
  }
  return '';
}

function hostError(host: string, arg: string, bracketed: boolean): string | undefined {
  // mirrord accepts an empty host (`8080::80`) and fails later in DNS; we say so up front.
  if (host === '')
    return `Missing remote host in argument \`${arg}\`, expected \`[local-port:]remote-ipv4-or-hostname:remote-port\``;
  const kind = hostKind(host);
  if (bracketed && kind !== 'ipv6') {
    return `Invalid IPv6 address \`${host}\` in argument \`${arg}\`: brackets are only for IPv6 addresses`;
  }
  // mirrord takes any non-IPv4 text as a hostname; we reject what no resolver could look up.
  if (!kind)
    return `Invalid remote host \`${host}\` in argument \`${arg}\`: expected a hostname, an IPv4 address or an IPv6 address in brackets`;
  return undefined;
}

function build(
  arg: string,
  localRaw: string | undefined,
  host: string,
  remoteRaw: string,
  bracketed: boolean,
): ParseResult<LocalMapping> {
  // Same order as mirrord: local port first, then remote port, then (ours) the host.
  const local = localRaw === undefined ? undefined : parsePort(localRaw, arg);
  if (local && !local.ok) return local;
  const remote = parsePort(remoteRaw, arg);
  if (!remote.ok) return remote;
  const error = hostError(host, arg, bracketed);
  if (error) return { ok: false, error };
  return {
    ok: true,
    value: {
      localPort: local ? local.value : remote.value,
      remoteHost: host,
      remotePort: remote.value,
    },
  };
}

/** Parses one `-L` argument; never throws. Errors carry mirrord's texts where mirrord has them. */
export function parseLocalMapping(arg: string): ParseResult<LocalMapping> {
  if (arg.includes('[') || arg.includes(']')) {
    const m = BRACKETED.exec(arg);
    if (!m) return { ok: false, error: invalidFormat(arg) };
    return build(arg, m[1], m[2] ?? '', m[3] ?? '', true);
  }
  const parts = arg.split(':');
  if (parts.length === 3) return build(arg, parts[0], parts[1] ?? '', parts[2] ?? '', false);
  if (parts.length === 2) return build(arg, undefined, parts[0] ?? '', parts[1] ?? '', false);
  return {
    ok: false,
    error: invalidFormat(arg) + formatHint(parts),
  };
}

/** Canonical `local:host:remote` text (IPv6 hosts in brackets); parses back to the same mapping. */
export function formatLocalMapping(m: LocalMapping): string {
  return `${m.localPort}:${joinHostPort(m.remoteHost, m.remotePort)}`;
}
