/**
 * Child processes of a benchmark run (kube-sim, Portside, kubectl). Every one is registered here so
 * a finished, failed or interrupted run leaves none behind: `stopAll` ends them with SIGTERM (so
 * kube-sim removes its network namespaces), and a process `exit` hook SIGKILLs any survivor.
 * Each runs in its own process group: Ctrl+C reaches only the bench, which then stops the children
 * in order (a terminal SIGINT and our SIGTERM together would cut kube-sim's cleanup short).
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** A running child whose output is always drained (a full pipe would stall the forwarder). */
export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
  stdout(): string;
  stderr(): string;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after the child's grace time; resolves once the process is gone. */
  stop(): Promise<void>;
}

const running = new Set<Child>();
let shuttingDown = false;
/** Keep only the tail of chatty outputs: kubectl and Portside print a line per connection. */
const KEEP = 64 * 1024;

function tail(text: string): string {
  return text.length > KEEP ? text.slice(-KEEP / 2) : text;
}

process.once('exit', () => {
  for (const c of running) if (c.alive()) c.proc.kill('SIGKILL');
});

/** Starts `cmd args…` with piped output and registers it for cleanup. */
export function startChild(
  name: string,
  cmd: string,
  args: readonly string[],
  { env = {}, graceMs = 5000 }: { env?: Record<string, string>; graceMs?: number } = {},
): Child {
  if (shuttingDown) throw new Error(`not starting ${name}: the run is stopping`);
  const proc = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out = tail(out + d.toString())));
  proc.stderr!.on('data', (d: Buffer) => (err = tail(err + d.toString())));
  const exited = new Promise<number | string>((resolve) => {
    proc.once('error', (e) => resolve(e.message));
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const alive = (): boolean =>
    proc.exitCode === null && proc.signalCode === null && proc.pid !== undefined;
  const child: Child = {
    name,
    proc,
    exited,
    stdout: () => out,
    stderr: () => err,
    alive,
    async stop() {
      if (alive()) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => alive() && proc.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** Waits until `check(stdout)` returns a value, the child exits, or `timeoutMs` passes. */
export function waitForOutput<T>(
  child: Child,
  check: (stdout: string) => T | undefined,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (fn: () => void): void => {
      clearTimeout(timer);
      child.proc.stdout!.off('data', onData);
      fn();
    };
    const onData = (): void => {
      const found = check(child.stdout());
      if (found !== undefined) done(() => resolve(found));
    };
    const timer = setTimeout(
      () =>
        done(() =>
          reject(new Error(`${child.name}: not ready within ${timeoutMs} ms\n${child.stderr()}`)),
        ),
      timeoutMs,
    );
    child.proc.stdout!.on('data', onData);
    void child.exited.then((code) =>
      done(() =>
        reject(new Error(`${child.name} exited (${code}) before it was ready\n${child.stderr()}`)),
      ),
    );
    onData();
  });
}

/** True once `stopAll` was called: an interrupted run must not start anything or write a report. */
export function isShuttingDown(): boolean {
  return shuttingDown;
}

/** Stops every child still running (newest first, so forwarders go before the cluster). */
export async function stopAll(): Promise<void> {
  shuttingDown = true;
  for (const c of [...running].reverse()) await c.stop();
}
