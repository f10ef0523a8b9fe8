/**
 * The bundled agent (one CommonJS file, node core only) the engine passes as the container command
 * (`node -e <script>`), so any image with node runs it. Built by `npm run build:agent` into
 * dist-agent/; when running from the sources the bundle is (re)built on demand if missing or
 * older than agent/src.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortsideError, errorText } from '../../../shared/errors.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * The app root: the nearest folder up from this module with a package.json. From the sources
 * that is three folders up, from a bundle (dist-electron/, dist-cli/ and their chunk folders) one
 * or two; electron-builder ships dist-agent/ beside the bundles, under the same root.
 */
function appRoot(from: string): string {
  for (let dir = from; ;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return join(from, '..');
    dir = up;
  }
}
const ROOT = appRoot(HERE);
const BUNDLE = join(ROOT, 'dist-agent', 'portside-agent.cjs');
const SOURCES = join(ROOT, 'agent', 'src');

async function newestSource(): Promise<number | undefined> {
  try {
    const names = (await readdir(SOURCES)).filter(
      (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'),
    );
    const times = await Promise.all(names.map(async (n) => (await stat(join(SOURCES, n))).mtimeMs));
    return Math.max(...times);
  } catch {
    return undefined; // packaged app: no sources, the bundle is all there is
  }
}

function build(): Promise<void> {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [vite, 'build', '-c', 'vite.agent.mts', '--logLevel', 'error'],
      { cwd: ROOT, timeout: 60_000 },
      (err, _o, stderr) =>
        err
          ? reject(
              new PortsideError(
                'Internal',
                `building the agent failed: ${stderr || errorText(err)}`,
              ),
            )
          : resolve(),
    );
  });
}

let cached: Promise<string> | undefined;

/** The agent script; built once per process when the sources are newer than the bundle. */
export function loadAgentScript(): Promise<string> {
  cached ??= (async () => {
    const src = await newestSource();
    const built = await stat(BUNDLE).then(
      (s) => s.mtimeMs,
      () => undefined,
    );
    if (built === undefined || (src !== undefined && src > built)) await build();
    return readFile(BUNDLE, 'utf8');
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}
