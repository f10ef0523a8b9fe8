/**
 * Offline packaging check: `electron-builder --dir --linux` against a stub Electron dist, then
 * the app.asar and the packaged binary are inspected. Catches broken `files` globs, runtime
 * dependencies missing from the asar, a preload that would not load sandboxed, and fuses that
 * were not flipped. Needs the build output; builds it when absent.
 */
import { access, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asar from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trayIconFile } from '../electron/main/tray-icons.ts';
import { PORTSIDE_FUSES, readFuses, type FuseName } from './fuses.mjs';
import {
  bundlePackages,
  bundleSpecifiers,
  run,
  runtimeClosure,
  writeStubElectronDist,
} from './testing/packaging.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON_VERSION = '41.7.1';
const BUILD_OUTPUTS = [
  'dist/renderer/index.html',
  'dist-electron/main.js',
  'dist-electron/preload.cjs',
];

/** npm packages only kube-sim loads (TLS material, cluster DNS, JSON patch). */
const KUBE_SIM_PACKAGES = ['node-forge', 'dns-packet', 'fast-json-patch'];

let work = '';
let asarPath = '';
let files: Set<string>;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

async function ensureBuilt(): Promise<void> {
  const present = await Promise.all(BUILD_OUTPUTS.map((f) => exists(join(root, f))));
  if (present.every(Boolean)) return;
  console.warn('packaging test: build output missing, running `npm run build` first');
  const build = await run('npm', ['run', '-s', 'build'], root, 240_000);
  if (build.code !== 0) throw new Error(`npm run build failed:\n${build.output}`);
}

beforeAll(async () => {
  await ensureBuilt();
  work = await mkdtemp(join(tmpdir(), 'portside-pack-'));
  const stub = join(work, 'electron-dist');
  await run('mkdir', ['-p', stub], work, 5_000);
  await writeStubElectronDist(stub, ELECTRON_VERSION);
  const builder = join(root, 'node_modules', '.bin', 'electron-builder');
  const out = join(work, 'release');
  const args = [
    '--dir',
    '--linux',
    `-c.electronDist=${stub}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${out}`,
  ];
  const result = await run(builder, args, root, 180_000);
  if (result.code !== 0)
    throw new Error(`electron-builder failed (${result.code}):\n${result.output}`);
  asarPath = join(out, 'linux-unpacked', 'resources', 'app.asar');
  files = new Set(asar.listPackage(asarPath, { isPack: false }));
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const readInAsar = (path: string): string => asar.extractFile(asarPath, path).toString('utf8');

describe('packaged app (electron-builder --dir, stub Electron)', () => {
  it('holds the main, preload and renderer bundles and a package.json pointing at main', () => {
    for (const f of BUILD_OUTPUTS) expect(files, f).toContain(`/${f}`);
    const pkg = JSON.parse(readInAsar('package.json')) as { main: string; productName: string };
    expect(pkg.main).toBe('dist-electron/main.js');
    expect(files).toContain(`/${pkg.main}`);
    expect(pkg.productName).toBe('Portside');
  });

  it('ships the tray icons next to the asar (extraResources), where tray-icons.ts looks', async () => {
    const names = await readdir(join(asarPath, '..', 'tray'));
    for (const health of ['ok', 'reconnecting', 'failed'] as const) {
      for (const platform of ['linux', 'darwin'] as const)
        expect(names).toContain(trayIconFile(health, platform));
    }
  });

  it('holds every asset the renderer page references', () => {
    const html = readInAsar('dist/renderer/index.html');
    const refs = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map(([, p]) => p!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(files, ref).toContain(`/dist/renderer/${ref}`);
  });

  it('holds every npm package the main bundle loads, with their dependencies', async () => {
    const code = await readFile(join(root, 'dist-electron/main.js'), 'utf8');
    const needed = await runtimeClosure(root, bundlePackages(code));
    for (const dir of needed) expect(files, dir).toContain(`/${dir}/package.json`);
  });

  it('leaves out sources, maps, tests and development-only packages', () => {
    const stray = [...files].filter(
      (f) =>
        (/\.(map|ts|tsx)$/.test(f) && !f.startsWith('/node_modules/')) ||
        /^\/(electron|renderer|shared|scripts|e2e|kube-sim)\//.test(f) ||
        /^\/node_modules\/(electron|vite|vitest|electron-builder|tsx|esbuild|react|typescript)\//.test(
          f,
        ),
    );
    expect(stray).toEqual([]);
  });

  /**
   * The packaged app does not offer the built-in demo cluster: kube-sim is a development tool
   * (tests, bench, `npm run demo` from a checkout). So nothing only kube-sim loads may ship.
   */
  it('ships no kube-sim, nor any package only kube-sim loads, and says how big the asar is', async () => {
    const code = await readFile(join(root, 'dist-electron/main.js'), 'utf8');
    const app = new Set(await runtimeClosure(root, bundlePackages(code)));
    const simOnly = (await runtimeClosure(root, KUBE_SIM_PACKAGES)).filter((d) => !app.has(d));
    expect(simOnly.length).toBeGreaterThan(0);
    for (const dir of simOnly) expect(files, dir).not.toContain(`/${dir}/package.json`);
    expect([...files].filter((f) => f.startsWith('/kube-sim/'))).toEqual([]);
    const { size } = await stat(asarPath);
    console.log(`packaged app.asar: ${(size / 1024 / 1024).toFixed(1)} MiB, ${files.size} entries`);
  });

  it('ships a preload that a sandboxed renderer can load: CommonJS requiring only electron', async () => {
    const code = await readFile(join(root, 'dist-electron/preload.cjs'), 'utf8');
    expect(bundleSpecifiers(code)).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('ships a renderer page with a strict Content-Security-Policy', () => {
    const html = readInAsar('dist/renderer/index.html');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name!, sources]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    const sources = [...directives.values()].flat();
    // No wildcard host, no remote scheme, no inline or eval'd code.
    const loose = sources.filter((s) => s === '*' || /^(https?:|'unsafe-|'wasm-unsafe)/.test(s));
    expect(loose).toEqual([]);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('flips the fuses in the packaged Electron binary', async () => {
    const unpacked = join(asarPath, '..', '..');
    expect(await readdir(unpacked)).toContain('portside');
    const fuses = readFuses(await readFile(join(unpacked, 'portside')));
    for (const [name, on] of Object.entries(PORTSIDE_FUSES)) {
      expect(fuses[name as FuseName], name).toBe(on ? 'on' : 'off');
    }
    expect(fuses).toMatchObject({ RunAsNode: 'off', EnableNodeOptionsEnvironmentVariable: 'off' });
  });
});
