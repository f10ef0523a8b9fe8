/**
 * A rule's optional health probe, measured through the rule's own route (resolution, the
 * port-forward, the pod's port) — not "the process is alive". Every `intervalSec` while the rule
 * is on: `tcp` opens a stream to the remote port; `http` also sends `GET path` and wants a 2xx or
 * 3xx answer. Off unless the rule asks for it: some remotes must not see extra connections.
 */
import type { Duplex } from 'node:stream';
import { errorText } from '../../../shared/errors.ts';
import type { Health } from '../../../shared/model.ts';
import type { Clock } from '../clock.ts';

export interface ProbeSpec {
  kind: 'tcp' | 'http';
  path?: string;
  intervalSec: number;
}

/** What a probe dials: a stream to the rule's remote end, with the remote's own close reason. */
export type ProbeStream = Duplex & { closeReason?: string | undefined };

export interface RuleProbeDeps {
  clock: Clock;
  spec: ProbeSpec;
  /** Host name for the HTTP request line's Host header. */
  host: string;
  connect(): Promise<ProbeStream>;
  publish(health: Health): void;
  /** How long one probe may take (default: the interval, at most 10 s). */
  timeoutMs?: number;
  /** tcp: how long a just-opened stream must stay up to count as connected (default 500 ms). */
  settleMs?: number;
}

export interface RuleProbe {
  stop(): void;
}

type Outcome = { ok: true } | { ok: false; reason: string };

function settle(stream: ProbeStream, ms: number, clock: Clock): Promise<Outcome> {
  return new Promise((resolve) => {
    // A port-forward reports "connection refused" in the pod a moment after the stream opens;
    // a remote that accepts and closes at once (no error) was reachable.
    const cancel = clock.setTimeout(() => resolve({ ok: true }), ms);
    const ended = (): void => {
      cancel();
      resolve(stream.closeReason ? { ok: false, reason: stream.closeReason } : { ok: true });
    };
    stream.once('end', ended);
    stream.once('close', ended);
    stream.on('error', (err) => {
      cancel();
      resolve({ ok: false, reason: stream.closeReason ?? errorText(err) });
    });
    stream.resume();
  });
}

function httpStatus(stream: ProbeStream, host: string, path: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let head = '';
    stream.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      const m = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head);
      if (m) {
        const code = Number(m[1]);
        resolve(
          code < 400 ? { ok: true } : { ok: false, reason: `GET ${path} answered HTTP ${code}` },
        );
      } else if (head.length > 1024 || head.includes('\r\n'))
        resolve({ ok: false, reason: `GET ${path} got no HTTP answer` });
    });
    stream.once('close', () =>
      resolve({ ok: false, reason: stream.closeReason ?? `GET ${path} got no answer` }),
    );
    stream.on('error', () => undefined);
    stream.write(
      `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: portside-probe\r\nConnection: close\r\n\r\n`,
    );
  });
}

async function probeOnce(deps: RuleProbeDeps): Promise<Outcome> {
  let stream: ProbeStream | undefined;
  try {
    stream = await deps.connect();
    const path = deps.spec.path || '/';
    return deps.spec.kind === 'http'
      ? await httpStatus(stream, deps.host, path)
      : await settle(stream, deps.settleMs ?? 500, deps.clock);
  } catch (err) {
    return { ok: false, reason: errorText(err) };
  } finally {
    stream?.destroy();
  }
}

/** Starts probing at once and then every interval; `stop` ends it (no probe outlives its rule). */
export function startRuleProbe(deps: RuleProbeDeps): RuleProbe {
  const intervalMs = deps.spec.intervalSec * 1000;
  const limit = deps.timeoutMs ?? Math.min(intervalMs, 10_000);
  let stopped = false;
  let cancel: (() => void) | undefined;
  deps.publish({ state: 'unknown' });
  const round = async (): Promise<void> => {
    let cancelLimit: () => void = () => undefined;
    const timedOut = new Promise<Outcome>((resolve) => {
      cancelLimit = deps.clock.setTimeout(
        () => resolve({ ok: false, reason: `no answer within ${limit / 1000} s` }),
        limit,
      );
    });
    const outcome = await Promise.race([probeOnce(deps), timedOut]);
    cancelLimit();
    if (stopped) return;
    deps.publish(
      outcome.ok
        ? { state: 'healthy', checkedAt: deps.clock.now() }
        : { state: 'unhealthy', reason: outcome.reason, checkedAt: deps.clock.now() },
    );
    cancel = deps.clock.setTimeout(() => void round(), intervalMs);
  };
  void round();
  return {
    stop() {
      stopped = true;
      cancel?.();
    },
  };
}
