import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimeType, resolveStaticPath } from './static-files.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'portside-static-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html>');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolveStaticPath', () => {
  it('maps / to index.html and paths inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a.js')).toBe(join(root, 'assets', 'a.js'));
  });
  it('refuses everything that would leave the root', () => {
    for (const p of [
      '/../etc/passwd',
      '/%2e%2e/secret',
      '/assets/%2e%2e/%2e%2e/x',
      '/..%2fx',
      '/a%00b',
      '/..\\x',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });
  it('refuses a sibling directory that shares the root as a prefix', () => {
    expect(resolveStaticPath(root, `/../${root.split('/').pop()}-evil/x`)).toBeNull();
  });
});

describe('mimeType', () => {
  it('knows the build output types and falls back to octet-stream', () => {
    expect(mimeType('a.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('a.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeType('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('x.bin')).toBe('application/octet-stream');
  });
});
