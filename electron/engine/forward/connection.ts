/**
 * Drives one accepted local connection: resolve its route, connect at once (eager, so
 * server-speaks-first protocols work), pump bytes both ways with backpressure, and record every
 * state change. Lifetimes: this module owns both the local socket and the remote stream, and
 * destroys both in every ending path.
 */
import type { Socket } from 'node:net';
import { PortsideError, errorText } from '../../../shared/errors.ts';
import type { Clock } from '../clock.ts';
import type { ConnectionHandle } from './connection-table.ts';
import type { RemoteStream } from './dialer.ts';
import { RouteError, type RoutePlan } from './routes.ts';

export interface ConnectionDeps {
  handle: ConnectionHandle;
  socket: Socket;
  clock: Clock;
  resolve(): Promise<RoutePlan>;
  dial(plan: RoutePlan): Promise<RemoteStream>;
  /** Feedback for the rule's health: undefined = this connection reached the pod. */
  onOutcome(err: PortsideError | undefined): void;
  /** Calls `kill` when the pod behind the plan dies; returns a stop function. */
  watch?(plan: RoutePlan, kill: (reason: string) => void): () => void;
  /** After the remote closed, how long a client that never closes its side is waited for. */
  lingerMs?: number;
  /**
   * After the local client's FIN, how long the pod may stay silent before we close (v4 only: the
   * SPDY tunnel delivers the FIN). v4 cannot pass the FIN on, so a pod waiting for it would otherwise hold the connection until the kubelet's
   * idle timeout (hours); each byte from the pod restarts this timer.
   */
  halfCloseIdleMs?: number;
}

export interface ConnectionControl {
  kill(reason: string): void;
  readonly closed: Promise<void>;
}

const asPortside = (err: unknown): PortsideError =>
  err instanceof PortsideError ? err : new PortsideError('Network', errorText(err));

export function runConnection(d: ConnectionDeps): ConnectionControl {
  const { handle, socket } = d;
  let remote: RemoteStream | undefined;
  let killedWith: string | undefined;
  let stopWatch: (() => void) | undefined;
  let cancelLinger: (() => void) | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));

  const end = (state: 'closed' | 'failed', reason?: string): void => {
    stopWatch?.();
    cancelLinger?.();
    cancelIdle?.();
    remote?.destroy();
    if (!socket.destroyed) socket.destroy();
    handle.finish(state, reason);
    resolveClosed();
  };
  const fail = (err: unknown): void => {
    const e = asPortside(err);
    if (err instanceof RouteError) handle.set({ route: err.route });
    d.onOutcome(e);
    end('failed', e.message);
  };

  socket.setNoDelay(true);
  socket.on('error', (err) => {
    if (!handle.done)
      end(remote ? 'closed' : 'failed', killedWith ?? `local client: ${errorText(err)}`);
  });
  socket.on('close', () => {
    if (!handle.done) end(remote?.closeReason ? 'failed' : 'closed', killedWith ?? closeReason());
  });
  let remoteEnded = false;
  let localEnded = false;
  let cancelIdle: (() => void) | undefined;
  const idleMs = d.halfCloseIdleMs ?? 10_000;
  const armIdle = (): void => {
    cancelIdle?.();
    cancelIdle = d.clock.setTimeout(() => {
      control.kill(
        `the local client closed its side and the pod sent nothing for ${Math.round(idleMs / 1000)} s`,
      );
    }, idleMs);
  };
  const closeReason = (): string | undefined =>
    remote?.closeReason ??
    (remoteEnded && !localEnded
      ? 'closed by the pod side'
      : remoteEnded
        ? undefined
        : 'closed by the local client');

  void (async () => {
    let plan: RoutePlan;
    try {
      plan = await d.resolve();
      if (handle.done) return;
      handle.set(
        plan.route === 'agent'
          ? { route: 'agent', remote: `${plan.host}:${plan.port}` }
          : { route: plan.route, pod: plan.pod, remote: plan.remote },
      );
      remote = await d.dial(plan);
    } catch (err) {
      if (!handle.done) fail(err);
      return;
    }
    if (handle.done) {
      remote.on('error', () => {}); // killed while dialing: nobody reads this stream any more
      remote.destroy();
      return;
    }
    handle.countFrom(remote);
    if (remote.remote)
      handle.set({ remote: remote.remote, ...(remote.pod ? { pod: remote.pod } : {}) });
    stopWatch = d.watch?.(plan, (reason) => control.kill(reason));
    pump(remote);
  })();

  function pump(r: RemoteStream): void {
    // The rule counts as healthy once bytes come back or the pod closes cleanly; an open
    // WebSocket alone is not enough (the kubelet reports a refused pod port after the upgrade).
    let judged = false;
    const judge = (err: PortsideError | undefined): void => {
      if (judged) return;
      judged = true;
      d.onOutcome(err);
    };
    r.once('ready', () => handle.set({ state: localEnded ? 'half-closed' : 'open' }));
    r.on('error', (err) => {
      if (!handle.done) {
        judge(asPortside(err));
        end('failed', killedWith ?? errorText(err));
      }
    });
    socket.on('data', (chunk: Buffer) => {
      if (!r.write(chunk)) socket.pause();
      handle.touch();
    });
    r.on('drain', () => socket.resume());
    r.on('data', (chunk: Buffer) => {
      judge(undefined);
      if (!socket.write(chunk)) r.pause();
      handle.touch();
      if (localEnded && !r.carriesHalfClose) armIdle();
    });
    socket.on('drain', () => r.resume());
    socket.on('end', () => {
      localEnded = true;
      // The SPDY tunnel passes the FIN on; v4 cannot (sending stops, the response keeps coming,
      // and a pod that waits for our FIN is given up on after halfCloseIdleMs of silence).
      r.end();
      if (!handle.done) handle.set({ state: 'half-closed' });
      if (!remoteEnded && !r.carriesHalfClose) armIdle();
    });
    r.on('end', () => {
      judge(r.closeReason ? new PortsideError('TargetNotReady', r.closeReason) : undefined);
      remoteEnded = true;
      cancelIdle?.();
      socket.end(); // after every written byte is flushed
      if (!handle.done)
        handle.set({ state: 'half-closed', ...(r.closeReason ? { reason: r.closeReason } : {}) });
      // A client that never closes its side must not pin the record forever.
      cancelLinger = d.clock.setTimeout(() => socket.destroy(), d.lingerMs ?? 30_000);
    });
    // Accepted with pauseOnConnect (nothing read before the route is known): start reading now.
    socket.resume();
  }

  const control: ConnectionControl = {
    kill(reason) {
      if (handle.done) return;
      killedWith = reason;
      end('closed', reason);
    },
    closed,
  };
  return control;
}
