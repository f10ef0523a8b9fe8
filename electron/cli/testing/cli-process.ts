/** Runs `bin/portside` as a real process for tests: its lines, its exit, a tarpit API server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/portside', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
  exitCode(): number | null | undefined;
}

/** Spawns `bin/portside args…` with piped stdout/stderr collected as lines. */
export function startCli(args: string[]): CliProcess {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => (d: Buffer) =>
    into.push(...d.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect(stdout));
  child.stderr?.on('data', collect(stderr));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (c) => resolve((code = c))),
  );
  return { child, stdout, stderr, exited, exitCode: () => code };
}

export interface Tarpit {
  port: number;
  /** Connections accepted so far (each left unanswered). */
  readonly accepted: number;
  close(): Promise<void>;
}

/** A TCP server that accepts and never answers: an API server frozen mid-sleep. */
export async function startTarpit(): Promise<Tarpit> {
  const held = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((s) => {
    accepted += 1;
    held.add(s);
    s.on('error', () => undefined);
    s.on('close', () => held.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    get accepted() {
      return accepted;
    },
    async close() {
      for (const s of held) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Writes a kubeconfig pointing at `server` (token auth) into `dir`; returns its path. */
export function writeKubeconfig(dir: string, server: string): string {
  const file = join(dir, 'kubeconfig.yaml');
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
    'users: [{name: u, user: {token: test-token}}]',
    'contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]',
    'current-context: c',
    '',
  ].join('\n');
  writeFileSync(file, yaml, { mode: 0o600 });
  return file;
}
