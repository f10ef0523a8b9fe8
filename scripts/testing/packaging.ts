/** Helpers for the offline packaging check (scripts/packaging.test.ts). */
import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAst } from 'vite';
import { FUSE_SENTINEL } from '../fuses.mjs';

/** Fuse wire of a stock Electron 41 build (before any flipping), as the stub carries it. */
export const STOCK_FUSE_WIRE = '101100011';

/**
 * A stand-in for the Electron distribution electron-builder would download: an executable named
 * `electron` (holding a fuse wire, so the afterPack hook has something real to flip) and `version`.
 */
export async function writeStubElectronDist(dir: string, version: string): Promise<void> {
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\n# stub Electron for packaging tests\nexit 0\n'),
    FUSE_SENTINEL,
    Buffer.from([1, STOCK_FUSE_WIRE.length]),
    Buffer.from(STOCK_FUSE_WIRE, 'latin1'),
    Buffer.from('\n'),
  ]);
  await writeFile(join(dir, 'electron'), binary);
  await chmod(join(dir, 'electron'), 0o755);
  await writeFile(join(dir, 'version'), `v${version}`);
}

export interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a command to completion, collecting stdout+stderr (no shell). */
export function run(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, CI: 'true' },
      timeout: timeoutMs,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const builtins = new Set(builtinModules);

type Node = { type?: string; [key: string]: unknown };

const literal = (node: unknown): string | undefined => {
  const n = node as Node | undefined;
  return n?.type === 'Literal' && typeof n.value === 'string' ? n.value : undefined;
};

/** Module specifiers a node loads: import/export-from declarations, import(), require(). */
function specifierOf(node: Node): string | undefined {
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportNamedDeclaration':
    case 'ImportExpression':
      return literal(node.source);
    case 'CallExpression': {
      const callee = node.callee as Node;
      const args = node.arguments as unknown[];
      return callee.type === 'Identifier' && callee.name === 'require'
        ? literal(args[0])
        : undefined;
    }
    default:
      return undefined;
  }
}

/** Every module specifier a bundle loads, found on its syntax tree (not by text search). */
export function bundleSpecifiers(code: string): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const spec = specifierOf(value as Node);
    if (spec) found.add(spec);
    for (const child of Object.values(value)) visit(child);
  };
  visit(parseAst(code));
  return [...found].sort();
}

/** npm package names a bundle loads at runtime (bare specifiers minus built-ins and electron). */
export function bundlePackages(code: string): string[] {
  const names = new Set<string>();
  for (const spec of bundleSpecifiers(code)) {
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:')) continue;
    if (spec === 'electron') continue;
    const parts = spec.split('/');
    const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    if (!builtins.has(name)) names.add(name);
  }
  return [...names].sort();
}

interface Manifest {
  dependencies?: Record<string, string>;
}

/**
 * Where `name` resolves from a package directory, Node-style: nested node_modules first, then
 * each parent's. Returns the path relative to the project (`node_modules/a/node_modules/b`).
 */
async function resolvePackage(
  root: string,
  from: string,
  name: string,
): Promise<string | undefined> {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    try {
      await readFile(join(root, candidate, 'package.json'));
      return candidate;
    } catch {
      if (dir === '') return undefined;
      const up = dir.lastIndexOf('/node_modules/');
      dir = up === -1 ? '' : dir.slice(0, up);
    }
  }
}

/** Every installed package directory reachable from `names` through `dependencies`. */
export async function runtimeClosure(root: string, names: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = names.map((name) => ({ from: '', name }));
  while (queue.length > 0) {
    const { from, name } = queue.shift()!;
    const dir = await resolvePackage(root, from, name);
    if (!dir) throw new Error(`${name} (needed by ${from || 'the main bundle'}) is not installed`);
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(
      await readFile(join(root, dir, 'package.json'), 'utf8'),
    ) as Manifest;
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      // Type-only packages are never loaded; electron-builder leaves them out on purpose.
      if (!dep.startsWith('@types/')) queue.push({ from: dir, name: dep });
    }
  }
  return [...seen].sort();
}
