/**
 * A listening rule's health: listening while its route resolves and connects, degraded when the
 * target is missing or not ready, reconnecting when the cluster cannot be reached. While
 * unhealthy it re-checks on a timer, so the state heals without a connection being made.
 */
import type { PortsideError } from '../../../shared/errors.ts';
import type { Clock } from '../clock.ts';
import type { RuleStatus } from '../rules/rule-store.ts';

export interface RuleHealth {
  /** One outcome: undefined = success. */
  report(err: PortsideError | undefined): void;
  /** Runs `check` now (its outcome comes back via report). */
  checkNow(): void;
  stop(): void;
}

export function createRuleHealth(opts: {
  clock: Clock;
  listenAddress: string;
  retryMs: number;
  check: () => Promise<PortsideError | undefined>;
  publish: (s: RuleStatus) => void;
}): RuleHealth {
  let stopped = false;
  let cancelRetry: (() => void) | undefined;
  const health: RuleHealth = {
    report(err) {
      if (stopped) return;
      if (!err) {
        cancelRetry?.();
        cancelRetry = undefined;
        opts.publish({ state: 'listening', listenAddress: opts.listenAddress });
        return;
      }
      const network = err.kind === 'Network' && !/in-cluster agent/.test(err.message);
      opts.publish({
        state: network ? 'reconnecting' : 'degraded',
        reason: network ? `${err.message}; retrying` : err.message,
        listenAddress: opts.listenAddress,
      });
      cancelRetry ??= opts.clock.setTimeout(() => {
        cancelRetry = undefined;
        health.checkNow();
      }, opts.retryMs);
    },
    checkNow() {
      if (stopped) return;
      void opts.check().then((err) => health.report(err));
    },
    stop() {
      stopped = true;
      cancelRetry?.();
    },
  };
  return health;
}
