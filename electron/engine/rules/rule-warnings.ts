/**
 * Accepted but worth a word: a listener other machines can reach, a privileged port. The CLI
 * warns on stderr; over the contract the warning travels with the rule so every host can show it.
 */
import { isLoopbackHost } from '../../../shared/mirrord-syntax/host.ts';
import type { StoredRule } from './rule-store.ts';

/** Warnings for a stored rule (empty for the usual loopback rule on a high port). */
export function ruleWarnings(r: StoredRule): string[] {
  if (r.parsed.direction !== 'L') return [];
  const out: string[] = [];
  const bind = r.rule.bindAddress;
  if (bind && !isLoopbackHost(bind))
    out.push(`listens on ${bind}: other machines on your network can reach the cluster through it`);
  const port = r.parsed.mapping.localPort;
  if (port < 1024)
    out.push(`local port ${port} is privileged: on Linux and macOS binding it may need root`);
  return out;
}
