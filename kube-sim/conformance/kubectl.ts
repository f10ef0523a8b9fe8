/**
 * Real kubectl for conformance tests: per-version binaries, a fresh --cache-dir per runner
 * (kubectl caches discovery), and port-forward processes that are waited on by their
 * `Forwarding from` lines and always killed by the test that started them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';

export function kubectlPath(version: string): string {
  return join(KUBECTL_DIR, `kubectl.${version}`);
}

/** True when `kubectl.<version>` is installed; warns with the reason otherwise (caller skips). */
export function hasKubectl(version: string): boolean {
  const ok = existsSync(kubectlPath(version));
  if (!ok)
    console.warn(`skipping kubectl ${version} cases: ${kubectlPath(version)} is not installed`);
  return ok;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface PortForward {
  /** Remote port → local port, from kubectl's `Forwarding from 127.0.0.1:L -> R` lines. */
  ports: Map<number, number>;
  stderr(): string;
  /** Resolves with kubectl's exit code when it ends on its own (or is stopped). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** One kubectl version against one kubeconfig, with its own discovery cache. */
export class Kubectl {
  private readonly cacheDir = mkdtempSync(join(tmpdir(), 'kubectl-cache-'));
  private readonly children = new Set<ChildProcess>();

  constructor(
    readonly version: string,
    private readonly kubeconfig: string,
  ) {}

  private spawn(args: string[], env: Record<string, string> = {}): ChildProcess {
    const child = spawn(
      kubectlPath(this.version),
      ['--kubeconfig', this.kubeconfig, '--cache-dir', this.cacheDir, ...args],
      {
        env: { ...process.env, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Runs a command to completion (with optional stdin); never rejects on a non-zero exit. */
  run(
    args: string[],
    opts: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<RunResult> {
    const child = this.spawn(args, opts.env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    child.stdin!.end(opts.stdin ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    return new Promise((resolve) =>
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      }),
    );
  }

  /** Starts `kubectl port-forward TARGET :R…` and resolves once every port is forwarded. */
  portForward(
    target: string,
    remotePorts: Array<number | string>,
    opts: { env?: Record<string, string>; verbose?: boolean } = {},
  ): Promise<PortForward> {
    const args = [
      'port-forward',
      target,
      ...remotePorts.map((p) => `:${p}`),
      ...(opts.verbose ? ['-v=6'] : []),
    ];
    const child = this.spawn(args, opts.env);
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    const ports = new Map<number, number>();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('no "Forwarding from" within 20 s')), 20_000);
      const fail = (err: Error): void => {
        clearTimeout(timer);
        void stop();
        reject(
          new Error(`kubectl ${this.version} port-forward ${target}: ${err.message}\n${stderr}`),
        );
      };
      const onEarlyExit = (code: number | null): void =>
        fail(new Error(`exited with ${code} before forwarding`));
      child.once('exit', onEarlyExit);
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d;
        for (const m of stdout.matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/g))
          ports.set(Number(m[2]), Number(m[1]));
        if (ports.size >= remotePorts.length) {
          clearTimeout(timer);
          child.off('exit', onEarlyExit);
          resolve({ ports, stderr: () => stderr, stop, exited });
        }
      });
    });
  }

  /** Kills every process this runner started and removes its cache dir. */
  async dispose(): Promise<void> {
    await Promise.all(
      [...this.children].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.cacheDir, { recursive: true, force: true });
  }
}
