/**
 * Security figures of the browser host: every answer, refusals included, carries the headers
 * below; the token page and refusals are never cached; the token never appears in a body or in
 * a header other than the HttpOnly cookie that replaces it.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { createIdleRunner } from '../engine/rules/rule-runner.ts';
import type { Engine } from '../engine/api/engine.ts';
import { CONTENT_SECURITY_POLICY, startWebHost, type WebHost } from './web-host.ts';
import { fakeStaticDir, rawRequest, type RawResponse } from './testing/web-host-harness.ts';

const TOKEN = 'tok-4f1c9e2b7d';
let dir: string;
let engine: Engine;
let host: WebHost;

beforeAll(async () => {
  dir = await fakeStaticDir();
  engine = createEngine({ runner: createIdleRunner() });
  host = await startWebHost({ engine, port: 0, staticDir: dir, version: '1', token: TOKEN });
});
afterAll(async () => {
  await host?.close();
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

type Case = [name: string, status: number, send: () => Promise<RawResponse>];
const cookie = (): Record<string, string> => ({ cookie: `portside_token_${host.port}=${TOKEN}` });
const cases: Case[] = [
  ['the token page', 200, () => rawRequest(host.port, `/?token=${TOKEN}`)],
  ['an asset', 200, () => rawRequest(host.port, '/assets/app.js', cookie())],
  ['no token', 401, () => rawRequest(host.port, '/')],
  ['a foreign Origin', 403, () => rawRequest(host.port, '/', { origin: 'http://evil.test' })],
  ['a missing file', 404, () => rawRequest(host.port, '/nope.js', cookie())],
  ['a POST', 405, () => rawRequest(host.port, '/', cookie(), 'POST')],
];

describe('headers of the serve host', () => {
  it.each(cases)(
    '%s (%i) carries CSP, no-referrer, nosniff and frame denial',
    async (_n, status, send) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      // The token is never echoed back except as the HttpOnly cookie.
      expect(res.body).not.toContain(TOKEN);
      const { 'set-cookie': setCookie, ...others } = res.headers;
      expect(JSON.stringify(others)).not.toContain(TOKEN);
      if (setCookie) expect(String(setCookie)).toMatch(/HttpOnly; SameSite=Strict/);
    },
  );

  const uncached = cases.filter(([name]) => name !== 'an asset');
  it.each(uncached)('%s is never cached', async (_n, _s, send) => {
    expect((await send()).headers['cache-control']).toBe('no-store');
  });
});
