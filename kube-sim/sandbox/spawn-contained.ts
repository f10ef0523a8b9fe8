/**
 * Starts a container's process the way a container runtime would, as far as this machine allows:
 * the executable is looked up only on the image's PATH (so a tool the image lacks is missing), the
 * environment is exactly the container's, and capabilities are cut with util-linux `setpriv`
 * (bounding set and inheritable set), so e.g. iptables fails without NET_ADMIN.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import type { CapSet, ProcessSpec } from './protocol.ts';

/** Absolute path of `cmd` on `pathList`, as execvp would find it, or undefined. */
export function resolveOnPath(cmd: string, pathList: string | undefined): string | undefined {
  if (cmd.includes('/')) return isExecutable(cmd) ? cmd : undefined;
  for (const dir of (pathList ?? '').split(':').filter(Boolean)) {
    const full = join(dir, cmd);
    if (isExecutable(full)) return full;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** setpriv from the sandbox's own PATH: a container's PATH may well not have it. */
const SETPRIV =
  resolveOnPath('setpriv', `${process.env.PATH ?? ''}:/usr/bin:/bin:/usr/sbin:/sbin`) ?? 'setpriv';

/** The setpriv prefix that limits a root process to `caps` (nothing for a privileged container). */
export function capabilityPrefix(caps: CapSet): string[] {
  if (caps === 'all') return [];
  const bounding = ['-all', ...caps.map((c) => `+${c.toLowerCase()}`)].join(',');
  // Clearing the inheritable set too: for uid 0, execve grants permitted = inheritable ∪ bounding.
  return [SETPRIV, '--inh-caps=-all', `--bounding-set=${bounding}`, '--'];
}

/** The message containerd gives when argv[0] is not on PATH. */
export function notFoundMessage(cmd: string): string {
  return `exec: "${cmd}": executable file not found in $PATH`;
}

/** Spawns `spec` (argv[0] already known to resolve to `exe`) with piped stdio. */
export function spawnContained(spec: ProcessSpec, exe: string): ChildProcess {
  const [file, ...args] = [...capabilityPrefix(spec.caps), exe, ...spec.argv.slice(1)];
  return spawn(file as string, args, {
    env: spec.env,
    cwd: '/',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Exit code as a shell reports it: the code, or 128 + signal number. */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  const signo = signal ? (osConstants.signals[signal] ?? 9) : 9;
  return 128 + signo;
}
