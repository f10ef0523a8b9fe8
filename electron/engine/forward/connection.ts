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
   * SPDY delivers the FIN). v4 cannot pass the FIN on, so a pod waiting for it would otherwise hold the connection until the kubelet's
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

/**
 * Where a connection is. Bytes flow in `open` and in both half-closed phases; exactly one timer
 * can be armed at a time (the half-close idle timer in `local-closed` over v4, the linger timer
 * once the pod is done), so one slot holds it.
 *
 *   connecting ─dialed→ open ─client FIN→ local-closed ─pod done→ both-closed
 *                       open ─pod done──→ remote-closed ─client FIN→ both-closed
 *   any phase ─socket closed / error / kill / failure→ ended
 */
type Phase = 'connecting' | 'open' | 'local-closed' | 'remote-closed' | 'both-closed' | 'ended';

/** Why the local socket closed, by phase, when the remote gave no reason of its own. */
const CLOSE_REASON: Record<Phase, string | undefined> = {
  connecting: 'closed by the local client',
  open: 'closed by the local client',
  'local-closed': 'closed by the local client',
  'remote-closed': 'closed by the pod side',
  'both-closed': undefined,
  ended: undefined,
};

class Connection {
  phase: Phase = 'connecting';
  private remote: RemoteStream | undefined;
  private timer: (() => void) | undefined;
  private stopWatch: (() => void) | undefined;
  private judged = false;
  private resolveClosed!: () => void;
  readonly closed = new Promise<void>((r) => (this.resolveClosed = r));

  constructor(private readonly d: ConnectionDeps) {}

  private get done(): boolean {
    return this.phase === 'ended';
  }

  private get localEnded(): boolean {
    return this.phase === 'local-closed' || this.phase === 'both-closed';
  }

  start(): void {
    const { socket } = this.d;
    socket.setNoDelay(true);
    socket.on('error', (err) => {
      if (!this.done)
        this.end(this.remote ? 'closed' : 'failed', `local client: ${errorText(err)}`);
    });
    socket.on('close', () => {
      if (this.done) return;
      const reason = this.remote?.closeReason ?? CLOSE_REASON[this.phase];
      this.end(this.remote?.closeReason ? 'failed' : 'closed', reason);
    });
    void this.connect();
  }

  /** connecting: resolve the route and dial; then `open`, or `ended` on failure or kill. */
  private async connect(): Promise<void> {
    const { d } = this;
    let plan: RoutePlan;
    let remote: RemoteStream;
    try {
      plan = await d.resolve();
      if (this.done) return;
      d.handle.set(
        plan.route === 'agent'
          ? { route: 'agent', remote: `${plan.host}:${plan.port}` }
          : { route: plan.route, pod: plan.pod, remote: plan.remote },
      );
      remote = await d.dial(plan);
    } catch (err) {
      if (!this.done) this.fail(err);
      return;
    }
    if (this.done) {
      remote.on('error', () => {}); // killed while dialing: nobody reads this stream any more
      remote.destroy();
      return;
    }
    this.remote = remote;
    this.phase = 'open';
    d.handle.countFrom(remote);
    if (remote.remote)
      d.handle.set({ remote: remote.remote, ...(remote.pod ? { pod: remote.pod } : {}) });
    this.stopWatch = d.watch?.(plan, (reason) => this.kill(reason));
    this.pump(remote);
  }

  /** Bytes both ways with backpressure; FINs and errors become transitions. */
  private pump(r: RemoteStream): void {
    const { socket, handle } = this.d;
    r.once('ready', () => handle.set({ state: this.localEnded ? 'half-closed' : 'open' }));
    r.on('error', (err) => {
      if (this.done) return;
      this.judge(asPortside(err));
      this.end('failed', errorText(err));
    });
    socket.on('data', (chunk: Buffer) => {
      if (!r.write(chunk)) socket.pause();
      handle.touch();
    });
    r.on('drain', () => socket.resume());
    r.on('data', (chunk: Buffer) => {
      // The rule counts as healthy once bytes come back or the pod closes cleanly; a completed
      // upgrade alone is not enough (the kubelet reports a refused pod port after the upgrade).
      this.judge(undefined);
      if (!socket.write(chunk)) r.pause();
      handle.touch();
      if (this.phase === 'local-closed' && !r.carriesHalfClose) this.armIdle();
    });
    socket.on('drain', () => r.resume());
    socket.on('end', () => this.onLocalEnd(r));
    r.on('end', () => this.onRemoteEnd(r));
    // Accepted with pauseOnConnect (nothing read before the route is known): start reading now.
    socket.resume();
  }

  /** The client's FIN: passed on (SPDY) or sending just stops (v4, with the idle timer). */
  private onLocalEnd(r: RemoteStream): void {
    r.end();
    if (this.done) return;
    this.phase = this.phase === 'remote-closed' ? 'both-closed' : 'local-closed';
    this.d.handle.set({ state: 'half-closed' });
    if (this.phase === 'local-closed' && !r.carriesHalfClose) this.armIdle();
  }

  /** The pod is done: flush and FIN the client, then give it `lingerMs` to close its side. */
  private onRemoteEnd(r: RemoteStream): void {
    this.judge(r.closeReason ? new PortsideError('TargetNotReady', r.closeReason) : undefined);
    this.d.socket.end(); // after every written byte is flushed
    if (this.done) return;
    this.phase = this.phase === 'local-closed' ? 'both-closed' : 'remote-closed';
    this.d.handle.set({
      state: 'half-closed',
      ...(r.closeReason ? { reason: r.closeReason } : {}),
    });
    // A client that never closes its side must not pin the record forever.
    this.arm(() => this.d.socket.destroy(), this.d.lingerMs ?? 30_000);
  }

  /**
   * After the local client's FIN over v4, a pod silent for halfCloseIdleMs is given up on: v4
   * cannot pass the FIN on, and a pod waiting for it would hold the connection for hours.
   */
  private armIdle(): void {
    const ms = this.d.halfCloseIdleMs ?? 10_000;
    const why = `the local client closed its side and the pod sent nothing for ${Math.round(ms / 1000)} s`;
    this.arm(() => this.kill(why), ms);
  }

  private arm(fn: () => void, ms: number): void {
    this.timer?.();
    this.timer = this.d.clock.setTimeout(fn, ms);
  }

  /** Feedback for the rule's health, once per connection. */
  private judge(err: PortsideError | undefined): void {
    if (this.judged) return;
    this.judged = true;
    this.d.onOutcome(err);
  }

  kill(reason: string): void {
    if (!this.done) this.end('closed', reason);
  }

  private fail(err: unknown): void {
    const e = asPortside(err);
    if (err instanceof RouteError) this.d.handle.set({ route: err.route });
    this.d.onOutcome(e);
    this.end('failed', e.message);
  }

  /** Every path ends here: both ends destroyed, timers and the pod watch stopped, record final. */
  private end(state: 'closed' | 'failed', reason?: string): void {
    this.phase = 'ended';
    this.stopWatch?.();
    this.timer?.();
    this.remote?.destroy();
    if (!this.d.socket.destroyed) this.d.socket.destroy();
    this.d.handle.finish(state, reason);
    this.resolveClosed();
  }
}

/** Runs one accepted connection to its end; `kill` ends it early with a reason. */
export function runConnection(d: ConnectionDeps): ConnectionControl {
  const c = new Connection(d);
  c.start();
  return { kill: (reason) => c.kill(reason), closed: c.closed };
}
