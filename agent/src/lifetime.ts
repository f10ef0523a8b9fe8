/**
 * When the agent exits: after `idleMs` without any session (so a crashed or killed engine leaves
 * nothing running), on SIGTERM/SIGINT/SIGHUP, and on a crash. Every path it can catch removes the
 * iptables rules first; SIGKILL cannot be caught, which is why a new agent clears stale rules.
 */
import { removeAll } from './iptables.ts';

export interface Lifetime {
  /** A session began; returns its end function (idempotent). */
  begin(): () => void;
  readonly active: number;
}

export function startLifetime(idleMs: number, log: (line: string) => void): Lifetime {
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  const exit = (code: number, why: string): void => {
    log(`exiting: ${why}`);
    removeAll();
    process.exit(code);
  };
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => exit(0, `no session for ${Math.round(idleMs / 1000)} s`), idleMs);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
    process.once(sig, () => exit(0, `received ${sig}`));
  process.on('exit', () => removeAll());
  process.on('uncaughtException', (err) => exit(1, `crashed: ${err.stack ?? String(err)}`));
  arm();
  return {
    begin() {
      active++;
      clearTimeout(timer);
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        if (--active === 0) arm();
      };
    },
    get active() {
      return active;
    },
  };
}
