/**
 * bin/portside picks the bundle when it is fresh and falls back to the sources (saying why, on one
 * stderr line) when it is missing or older than a source file. Run in a scratch copy of the layout
 * so no test touches the real checkout's timestamps.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'portside-bin-'));
  for (const d of ['bin', 'dist-cli', 'electron/cli', 'shared', 'node_modules'])
    mkdirSync(join(root, d), { recursive: true });
  cpSync(join(repo, 'bin/portside'), join(root, 'bin/portside'));
  symlinkSync(join(repo, 'node_modules/tsx'), join(root, 'node_modules/tsx'));
  writeFileSync(
    join(root, 'electron/cli/main.ts'),
    "console.log('sources', process.argv.slice(2).join(' '));\n",
  );
  writeFileSync(
    join(root, 'dist-cli/portside.mjs'),
    "console.log('bundle', process.argv.slice(2).join(' '));\n",
  );
  // The bundle is newer than every source.
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'electron/cli/main.ts'), past, past);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ out: string; err: string }> {
  return new Promise((resolve, reject) =>
    execFile(
      join(root, 'bin/portside'),
      args,
      { env: { ...process.env, PORTSIDE_CLI: '', ...env } },
      (error, out, err) => (error ? reject(error) : resolve({ out, err })),
    ),
  );
}

describe('bin/portside', () => {
  it('runs the bundle when it is newer than the sources, silently', async () => {
    expect(await run(['--help'])).toEqual({ out: 'bundle --help\n', err: '' });
  });

  it('falls back to the sources when one is newer than the bundle, and says which', async () => {
    const future = new Date(Date.now() + 60_000);
    writeFileSync(join(root, 'shared/model.ts'), 'export {};\n');
    utimesSync(join(root, 'shared/model.ts'), future, future);
    const r = await run(['x']);
    expect(r.out).toBe('sources x\n');
    expect(r.err).toBe(
      'portside: running from sources (shared/model.ts is newer than the bundle; npm run build)\n',
    );
  });

  it('starts node with the old-generation floor (README of forward/, "Garbage collection"), bundle or sources', async () => {
    const print =
      "console.log(process.execArgv.filter((a) => a.startsWith('--initial')).join());\n";
    writeFileSync(join(root, 'dist-cli/portside.mjs'), print);
    writeFileSync(join(root, 'electron/cli/main.ts'), print);
    for (const mode of ['bundle', 'sources'])
      expect((await run(['x'], { PORTSIDE_CLI: mode })).out).toBe('--initial-old-space-size=64\n');
  });

  it('does not count a newer test file as a stale bundle', async () => {
    const future = new Date(Date.now() + 60_000);
    writeFileSync(join(root, 'shared/model.test.ts'), 'export {};\n');
    utimesSync(join(root, 'shared/model.test.ts'), future, future);
    expect((await run(['x'])).out).toBe('bundle x\n');
  });

  it('falls back to the sources when there is no bundle', async () => {
    rmSync(join(root, 'dist-cli/portside.mjs'));
    const r = await run(['x']);
    expect(r.out).toBe('sources x\n');
    expect(r.err).toMatch(/^portside: running from sources \(no bundle;.*\)\n$/);
  });

  it('runs sim from the sources, and honours PORTSIDE_CLI', async () => {
    expect(await run(['sim'])).toEqual({ out: 'sources sim\n', err: '' });
    expect(await run(['x'], { PORTSIDE_CLI: 'sources' })).toEqual({ out: 'sources x\n', err: '' });
    rmSync(join(root, 'dist-cli/portside.mjs'));
    await expect(run(['x'], { PORTSIDE_CLI: 'bundle' })).rejects.toThrow(/missing/);
  });
});
