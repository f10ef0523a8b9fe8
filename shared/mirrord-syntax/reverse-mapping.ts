/** `-R [remote_port:]local_port` (mirrord's `PortOnlyMapping`). */
import type { ParseResult, ReverseMapping } from './types.ts';
import { invalidFormat } from './messages.ts';
import { parsePort } from './ports.ts';

/** Parses one `-R` argument; never throws. mirrord's texts, including its `-L`-worded format error. */
export function parseReverseMapping(arg: string): ParseResult<ReverseMapping> {
  const parts = arg.split(':');
  if (parts.length === 1) {
    const port = parsePort(arg, arg);
    return port.ok ? { ok: true, value: { remotePort: port.value, localPort: port.value } } : port;
  }
  if (parts.length !== 2) return { ok: false, error: invalidFormat(arg) };
  // mirrord checks the local (second) port before the remote one; keep its order of errors.
  const local = parsePort(parts[1] ?? '', arg);
  if (!local.ok) return local;
  const remote = parsePort(parts[0] ?? '', arg);
  if (!remote.ok) return remote;
  return {
    ok: true,
    value: { remotePort: remote.value, localPort: local.value },
  };
}

/** Canonical `remote:local` text; parses back to the same mapping. */
export function formatReverseMapping(m: ReverseMapping): string {
  return `${m.remotePort}:${m.localPort}`;
}
