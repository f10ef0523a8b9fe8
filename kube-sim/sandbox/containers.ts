/**
 * Process-backed containers of one pod: starts them, streams their output as log events and
 * reports Running / Terminated states with real exit codes. Owned by the sandbox's control
 * session; `stopAll` is the pod's termination (SIGTERM, grace period, SIGKILL).
 */
import type { ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { ContainerState } from '../runtime/types.ts';
import type { ControlEvent, ProcessSpec } from './protocol.ts';
import { exitCodeOf, notFoundMessage, resolveOnPath, spawnContained } from './spawn-contained.ts';

type Emit = (event: ControlEvent) => void;

/** Creates the container set; `emit` sends state and log events to the runtime. */
export function createContainerSet(emit: Emit): {
  start(container: string, spec: ProcessSpec): Promise<ContainerState>;
  stopAll(graceMs: number): Promise<void>;
} {
  const running = new Map<string, ChildProcess>();
  const now = (): string => new Date().toISOString();

  const start = (container: string, spec: ProcessSpec): Promise<ContainerState> => {
    const cmd = spec.argv[0] ?? '';
    const exe = resolveOnPath(cmd, spec.env.PATH);
    if (!exe) {
      const message = `failed to create containerd task: OCI runtime create failed: ${notFoundMessage(cmd)}: unknown`;
      const state: ContainerState = {
        terminated: { exitCode: 128, reason: 'StartError', message, finishedAt: now() },
      };
      emit({ ev: 'state', container, state });
      return Promise.resolve(state);
    }
    const child = spawnContained(spec, exe);
    child.stdin?.end();
    running.set(container, child);
    pipeLogs(container, child, emit);
    const startedAt = now();
    return new Promise((resolve) => {
      child.once('error', (err) => {
        running.delete(container);
        const state: ContainerState = {
          terminated: {
            exitCode: 128,
            reason: 'StartError',
            message: err.message,
            finishedAt: now(),
          },
        };
        emit({ ev: 'state', container, state });
        resolve(state);
      });
      child.once('spawn', () => {
        const state: ContainerState = { running: { startedAt } };
        emit({ ev: 'state', container, state });
        resolve(state);
      });
      child.once('close', (code, signal) => {
        running.delete(container);
        const exitCode = exitCodeOf(code, signal);
        const reason = exitCode === 0 ? 'Completed' : 'Error';
        emit({
          ev: 'state',
          container,
          state: { terminated: { exitCode, reason, startedAt, finishedAt: now() } },
        });
      });
    });
  };

  const stopAll = async (graceMs: number): Promise<void> => {
    const children = [...running.values()];
    const exited = children.map(
      (c) =>
        new Promise<void>((resolve) =>
          c.exitCode !== null || c.signalCode !== null
            ? resolve()
            : c.once('close', () => resolve()),
        ),
    );
    for (const c of children) c.kill('SIGTERM');
    const timer = setTimeout(() => children.forEach((c) => c.kill('SIGKILL')), graceMs);
    await Promise.all(exited);
    clearTimeout(timer);
  };

  return { start, stopAll };
}

/** stdout and stderr both go to the container's log, decoded without splitting characters. */
function pipeLogs(container: string, child: ChildProcess, emit: Emit): void {
  for (const stream of [child.stdout, child.stderr]) {
    const decoder = new StringDecoder('utf8');
    stream?.on('data', (chunk: Buffer) => {
      const data = decoder.write(chunk);
      if (data) emit({ ev: 'log', container, data });
    });
    stream?.on('end', () => {
      const data = decoder.end();
      if (data) emit({ ev: 'log', container, data });
    });
  }
}
