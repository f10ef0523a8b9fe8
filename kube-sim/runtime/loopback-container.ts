/**
 * One container in loopback mode: an in-process test app per containerPort, a real `node`
 * child process on the host network (node:*, portside/agent:*), or a built-in command as main
 * process (`sleep 3600` on a node image). Reports its states and captures its output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../apps/index.ts';
import { findBuiltin, type BuiltinContext } from '../exec/index.ts';
import { imagePullFailure, processArgv, resolveImage, type ImageKind } from './images.ts';
import type { ContainerSpec, ContainerState, PodRef } from './types.ts';

const LOG_LIMIT = 1024 * 1024;
const KILL_GRACE_MS = 2_000;

/** Keeps the last MiB of a container's output. */
export class LogBuffer {
  private text = '';
  append(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > LOG_LIMIT) this.text = this.text.slice(-LOG_LIMIT);
  }
  toString(): string {
    return this.text;
  }
  writable(): Writable {
    return new Writable({ write: (c: Buffer, _e, cb) => (this.append(c), cb()) });
  }
}

export interface ContainerHost {
  pod: PodRef;
  report(state: ContainerState): void;
  /** Ports already served in this pod (a second listener on one port fails like a bind). */
  portTaken(port: number): boolean;
  builtinContext(container: ContainerSpec): BuiltinContext;
  env(container: ContainerSpec): Record<string, string>;
}

export interface LoopbackContainer {
  spec: ContainerSpec;
  image: ImageKind | undefined;
  running: boolean;
  /** containerPort → 127.0.0.1 port of the app serving it. */
  ports: Map<number, number>;
  /** True for real processes: they share the host's network, so any port may be theirs. */
  hostNetwork: boolean;
  logs: LogBuffer;
  stop(): Promise<void>;
}

const now = (): string => new Date().toISOString();

/** Starts a container; never rejects (failures become container states). */
export async function startContainer(
  spec: ContainerSpec,
  host: ContainerHost,
): Promise<LoopbackContainer> {
  const image = resolveImage(spec.image);
  const c: LoopbackContainer = {
    spec,
    image,
    running: false,
    ports: new Map(),
    hostNetwork: image?.kind === 'node' || image?.kind === 'agent',
    logs: new LogBuffer(),
    stop: async () => undefined,
  };
  host.report({ waiting: { reason: 'ContainerCreating' } });
  if (!image) host.report(imagePullFailure(spec.image));
  else if (image.kind === 'app') await startApps(c, image.app, host);
  else startProcess(c, host);
  return c;
}

async function startApps(c: LoopbackContainer, app: string, host: ContainerHost): Promise<void> {
  const apps: RunningApp[] = [];
  const startedAt = now();
  c.stop = async () => {
    c.running = false;
    await Promise.all(apps.map((a) => a.close()));
  };
  for (const p of c.spec.ports ?? []) {
    if ((p.protocol ?? 'TCP').toUpperCase() !== 'TCP') continue;
    if (host.portTaken(p.containerPort) || c.ports.has(p.containerPort)) {
      await c.stop();
      const message = `listen tcp :${p.containerPort}: bind: address already in use`;
      host.report({
        terminated: { exitCode: 1, reason: 'Error', message, startedAt, finishedAt: now() },
      });
      return;
    }
    const { pod } = host;
    const running = await startApp(app, {
      host: '127.0.0.1',
      port: p.containerPort,
      listenPort: 0,
      pod: pod.name,
      namespace: pod.namespace,
      container: c.spec.name,
    });
    apps.push(running);
    c.ports.set(p.containerPort, running.port);
    c.logs.append(`sim-${app}: serving port ${p.containerPort}\n`);
  }
  c.running = true;
  host.report({ running: { startedAt } });
}

function startProcess(c: LoopbackContainer, host: ContainerHost): void {
  const argv = processArgv(c.spec);
  const startedAt = now();
  const exited = (exitCode: number, message?: string): void => {
    if (!c.running && message === undefined) return;
    c.running = false;
    const reason = message !== undefined ? 'StartError' : exitCode === 0 ? 'Completed' : 'Error';
    host.report({ terminated: { exitCode, reason, message, startedAt, finishedAt: now() } });
  };
  if (argv[0] === 'node') return startNode(c, host, argv, startedAt, exited);
  const builtin = findBuiltin(argv[0]!);
  if (!builtin) {
    return exited(128, `exec: "${argv[0]}": executable file not found in $PATH`);
  }
  const stdout = c.logs.writable();
  const stderr = c.logs.writable();
  c.running = true;
  host.report({ running: { startedAt } });
  c.stop = async () => void (stdout.destroy(), stderr.destroy());
  void builtin(argv, host.builtinContext(c.spec), { stdout, stderr }).then((code) => exited(code));
}

function startNode(
  c: LoopbackContainer,
  host: ContainerHost,
  argv: string[],
  startedAt: string,
  exited: (code: number, message?: string) => void,
): void {
  const child: ChildProcess = spawn(process.execPath, argv.slice(1), {
    env: host.env(c.spec),
    cwd: tmpdir(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => c.logs.append(d));
  child.stderr?.on('data', (d: Buffer) => c.logs.append(d));
  child.once('spawn', () => {
    c.running = true;
    host.report({ running: { startedAt } });
  });
  let done = false;
  const gone = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      done = true;
      exited(128, err.message);
      resolve();
    });
    child.once('exit', (code, signal) => {
      done = true;
      exited(code ?? 128 + signalNumber(signal));
      resolve();
    });
  });
  c.stop = async () => {
    if (done) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    await gone;
    clearTimeout(timer);
  };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15;
}
