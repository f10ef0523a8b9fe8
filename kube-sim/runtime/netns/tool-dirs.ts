/**
 * Per-image PATH directories: a folder of symlinks to the machine's real binaries for exactly the
 * tools the image catalog says an image has, so `iptables` is found in the agent image and not in
 * an app image. `node` always means the node running the sim. Lives under the run's state dir and
 * goes with it.
 */
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveOnPath } from '../../sandbox/spawn-contained.ts';

/** The machine's binary for `tool`, or undefined if this machine does not have it. */
export function machineBinary(tool: string): string | undefined {
  if (tool === 'node') return process.execPath;
  const hostPath = [
    process.env.PATH ?? '',
    '/usr/local/sbin',
    '/usr/local/bin',
    '/usr/sbin',
    '/usr/bin',
    '/sbin',
    '/bin',
  ].join(':');
  return resolveOnPath(tool, hostPath);
}

/** Creates PATH dirs on demand, one per distinct tool set. */
export function createToolDirs(stateDir: string): { pathFor(tools: string[]): Promise<string> } {
  const made = new Map<string, Promise<string>>();
  const make = async (tools: string[]): Promise<string> => {
    const dir = join(stateDir, 'images', String(made.size), 'bin');
    await mkdir(dir, { recursive: true });
    for (const tool of tools) {
      const bin = machineBinary(tool);
      if (bin && /^[\w.+-]+$/.test(tool))
        await symlink(bin, join(dir, tool)).catch(() => undefined);
    }
    return dir;
  };
  return {
    pathFor(tools) {
      const sorted = [...new Set(tools)].sort();
      const key = sorted.join(',');
      let dir = made.get(key);
      if (!dir) {
        dir = make(sorted);
        made.set(key, dir);
      }
      return dir;
    },
  };
}
