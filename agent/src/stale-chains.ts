/**
 * Removes steal chains that killed agents of this pod left behind (SIGKILL cannot be caught): a
 * `PORTSIDE-*` chain is stale when nothing listens on any port its rules redirect to any more,
 * since each agent's listener dies with it. Runs once at start, before this agent steals.
 */
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { CHAIN, CHAIN_PREFIX, removeChain } from './iptables.ts';

/** `iptables-save -t nat`, or '' without iptables or NET_ADMIN. */
function natRules(): string {
  try {
    return execFileSync('iptables-save', ['-t', 'nat'], { encoding: 'utf8', timeout: 5000 });
  } catch {
    return '';
  }
}

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    const done = (v: boolean): void => void (s.destroy(), resolve(v));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(1000, () => done(false));
  });

/** Chains of other agents and the ports they redirect to, from iptables-save text. */
export function chainsOf(text: string): Map<string, number[]> {
  const chains = new Map<string, number[]>();
  for (const m of text.matchAll(/^:(PORTSIDE-[A-Z0-9]+) /gm))
    if (m[1] !== CHAIN) chains.set(m[1]!, []);
  for (const m of text.matchAll(/^-A (PORTSIDE-[A-Z0-9]+) .*--to-ports (\d+)/gm))
    chains.get(m[1]!)?.push(Number(m[2]));
  return chains;
}

/** Removes every other agent's chain whose redirect targets are all dead. Returns their names. */
export async function removeStaleChains(): Promise<string[]> {
  const removed: string[] = [];
  for (const [chain, ports] of chainsOf(natRules())) {
    if (!chain.startsWith(CHAIN_PREFIX)) continue;
    const alive = await Promise.all(ports.map(listening));
    if (alive.some(Boolean)) continue;
    removeChain(chain);
    removed.push(chain);
  }
  return removed;
}
