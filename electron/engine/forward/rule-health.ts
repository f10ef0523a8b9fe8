/**
 * A listening rule's health: listening while its route resolves and connects, degraded when the
 * target is missing or not ready, reconnecting when the cluster cannot be reached. It re-checks on
 * a timer in every state (rarely while listening, on `retryMs` while not), so an idle rule notices
 * an API server that went away, and heals, without a connection being made.
 *
 * While the cluster is known unreachable, `admit` lets a new connection fail at once with that
 * reason instead of hanging on the API time limit; it first asks a fresh check for a short grace,
 * so the first connection after the API came back is tried normally.
 */
import { PortsideError } from '../../../shared/errors.ts';
import type { Clock } from '../clock.ts';
import type { RuleStatus } from '../rules/rule-store.ts';

export interface RuleHealth {
  /** One outcome: undefined = success. */
  report(err: PortsideError | undefined): void;
  /** Runs `check` now, or joins the one under way (its outcome is also reported). */
  checkNow(): Promise<PortsideError | undefined>;
  /** Before a connection: undefined to go ahead, or why the cluster cannot be reached. */
  admit(): Promise<PortsideError | undefined>;
  stop(): void;
}

export interface RuleHealthOptions {
  clock: Clock;
  listenAddress: string;
  /** Re-check period while degraded or reconnecting. */
  retryMs: number;
  /** Re-check period while listening; 0 = none. */
  watchMs?: number;
  /** How long `admit` waits for a fresh check before failing with the known reason. */
  admitGraceMs?: number;
  check: () => Promise<PortsideError | undefined>;
  publish: (s: RuleStatus) => void;
}

export const UNREACHABLE_PREFIX = 'cluster unreachable: ';

/** The API (not the in-cluster agent) could not be reached: the reason, worded once. */
function unreachableError(err: PortsideError): PortsideError | undefined {
  if (err.kind !== 'Network' || /in-cluster agent/.test(err.message)) return undefined;
  if (err.message.startsWith(UNREACHABLE_PREFIX)) return err;
  return new PortsideError('Network', `${UNREACHABLE_PREFIX}${err.message}`);
}

export function createRuleHealth(opts: RuleHealthOptions): RuleHealth {
  const watchMs = opts.watchMs ?? 5000;
  const graceMs = opts.admitGraceMs ?? 1000;
  let stopped = false;
  let cancelTimer: (() => void) | undefined;
  let unreachable: PortsideError | undefined;
  let inflight: Promise<PortsideError | undefined> | undefined;

  const schedule = (ms: number): void => {
    cancelTimer?.();
    cancelTimer = undefined;
    if (stopped || ms <= 0) return;
    cancelTimer = opts.clock.setTimeout(() => {
      cancelTimer = undefined;
      void health.checkNow();
    }, ms);
  };

  const publish = (err: PortsideError | undefined): void => {
    const listenAddress = opts.listenAddress;
    unreachable = err && unreachableError(err);
    if (!err) return opts.publish({ state: 'listening', listenAddress });
    if (unreachable)
      return opts.publish({
        state: 'reconnecting',
        reason: `${unreachable.message}; retrying`,
        listenAddress,
      });
    opts.publish({ state: 'degraded', reason: err.message, listenAddress });
  };

  const health: RuleHealth = {
    report(err) {
      if (stopped) return;
      publish(err);
      // A failed connection brings the next check forward; a good one changes no timer.
      if (err && !inflight) schedule(opts.retryMs);
      else if (!err && !cancelTimer && !inflight) schedule(watchMs);
    },
    checkNow() {
      if (stopped) return Promise.resolve(undefined);
      inflight ??= opts.check().then((err) => {
        inflight = undefined;
        if (stopped) return err;
        publish(err);
        schedule(err ? opts.retryMs : watchMs);
        return err;
      });
      return inflight;
    },
    async admit() {
      const known = unreachable;
      if (!known || stopped) return undefined;
      let cancel: (() => void) | undefined;
      const grace = new Promise<'grace'>(
        (r) => (cancel = opts.clock.setTimeout(() => r('grace'), graceMs)),
      );
      const fresh = await Promise.race([health.checkNow(), grace]);
      cancel?.();
      if (fresh === 'grace') return unreachable ?? known;
      // A fresh check that found the target missing (not the cluster) lets the connection say so.
      return fresh && unreachableError(fresh);
    },
    stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = undefined;
    },
  };
  return health;
}
