/** `portside import` on the real machine: files, stdin, git, and the engine's state folder for --save. */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { PortsideError } from '../../shared/errors.ts';
import { gitBranchIn } from './config-file.ts';
import { runImport, type ImportCommandDeps, type SaveTarget } from './import-command.ts';
import type { Env } from './port-forward-options.ts';

/** The folder the desktop app keeps its state in (Electron's userData for "Portside"). */
export function defaultStateDir(env: Env, home: string, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Portside');
  if (platform === 'win32')
    return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Portside');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Portside');
}

async function readStdin(limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.from(chunk as Uint8Array);
    chunks.push(b);
    size += b.length;
    // Enough to know it is too large; the rest is never held.
    if (size >= limit) break;
  }
  return Buffer.concat(chunks);
}

/** The engine, with its persistence in `dir`, seen as the import's host; nothing is started. */
async function openEngineStore(dir: string): Promise<SaveTarget> {
  const { createEngine } = await import('../engine/create-engine.ts');
  const deps: Parameters<typeof createEngine>[0] & { stateDir?: string } = { stateDir: dir };
  const engine = createEngine(deps);
  if (engine.stateDir === undefined) {
    await engine.dispose();
    throw new PortsideError('Internal', 'this build of the engine keeps rules in memory only');
  }
  return {
    where: engine.stateDir,
    addRule: (input) => engine.addRule(input),
    removeRule: (id) => engine.removeRule(id),
    profileNames: () => Promise.resolve(engine.profiles.list().map((p) => p.name)),
    saveProfile: (p) => Promise.resolve(engine.profiles.save(p)),
    close: () => engine.dispose(),
  };
}

export function nodeImportDeps(env: Env, cwd = process.cwd()): ImportCommandDeps {
  const home = env.HOME || homedir();
  return {
    env,
    cwd,
    home,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    fileSize: async (file) => (await stat(file)).size,
    readFile: async (file) => new Uint8Array(await readFile(file)),
    readStdin,
    gitBranch: () => gitBranchIn(cwd),
    openStore: (dir) =>
      openEngineStore(path.resolve(cwd, dir ?? defaultStateDir(env, home, process.platform))),
  };
}

export function main(argv: string[]): Promise<number> {
  return runImport(argv, nodeImportDeps(process.env));
}
