/** Choosing the local port for "forward this port", said to the user before saving. */
import { parseLocalMapping } from '../../shared/mirrord-syntax/index.ts';
import type { RuleView } from '../../shared/model.ts';

/** Below 1024 a port needs admin rights on Linux and macOS; 80 becomes 8080, 443 becomes 8443. */
const PRIVILEGED = 1024;

/** Local ports other -L rules already use (their listen address, else their spec). */
export function usedLocalPorts(rules: readonly RuleView[], exceptId?: string): Set<number> {
  const used = new Set<number>();
  for (const r of rules) {
    if (r.direction !== 'L' || r.id === exceptId) continue;
    const listen = /:(\d+)$/.exec(r.listenAddress ?? '');
    if (listen) used.add(Number(listen[1]));
    const m = parseLocalMapping(r.spec.trim());
    if (m.ok) used.add(m.value.localPort);
  }
  return used;
}

export interface LocalPortChoice {
  port: number;
  /** Why it is not the remote port's number; absent when it is. */
  note?: string;
}

/** The remote port's number when free here, else the next free one from 8000 + port. */
export function chooseLocalPort(remote: number, used: ReadonlySet<number>): LocalPortChoice {
  if (remote >= PRIVILEGED && !used.has(remote)) return { port: remote };
  let port = remote < PRIVILEGED ? 8000 + remote : remote + 1;
  while (used.has(port) && port < 65535) port++;
  const why =
    remote < PRIVILEGED
      ? `port ${remote} needs admin rights on this machine`
      : `port ${remote} is used by another rule`;
  return { port, note: `Local port ${port}: ${why}.` };
}
