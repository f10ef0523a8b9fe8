import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import type { Engine } from '../engine/api/engine.ts';
import { CONTENT_SECURITY_POLICY, startWebHost, type WebHost } from './web-host.ts';
import { fakeStaticDir, openSocket, rawRequest } from './testing/web-host-harness.ts';

let dir: string;
let engine: Engine;
let host: WebHost;

beforeAll(async () => {
  dir = await fakeStaticDir();
  engine = createEngine();
  host = await startWebHost({
    engine,
    port: 0,
    staticDir: dir,
    version: '9.9.9',
    token: 'secret-token',
  });
});
afterAll(async () => {
  await host?.close();
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const cookie = () => `portside_token_${host.port}=secret-token`;

describe('startWebHost', () => {
  it('listens on 127.0.0.1 and builds the URL with the token', () => {
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=secret-token`);
  });

  it('serves index.html for the token URL, with CSP, no-referrer and the session cookie', async () => {
    const res = await rawRequest(host.port, '/?token=secret-token');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['set-cookie']).toEqual([
      `portside_token_${host.port}=secret-token; HttpOnly; SameSite=Strict; Path=/`,
    ]);
    expect(res.body).toContain('<title>Portside</title>');
  });

  it('serves assets with the cookie and the right MIME type', async () => {
    const res = await rawRequest(host.port, '/assets/app.js', { cookie: cookie() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('401 for any path without a valid token, assets included', async () => {
    for (const path of ['/', '/assets/app.js', '/nope', '/?token=wrong', '/ws']) {
      const res = await rawRequest(host.port, path);
      expect(res.status, path).toBe(401);
      expect(res.body).not.toContain('Portside</title>');
    }
  });

  it('403 for a foreign Host (DNS rebinding) or Origin, even with the token', async () => {
    const rebound = await rawRequest(host.port, '/?token=secret-token', {
      host: `evil.example:${host.port}`,
    });
    expect(rebound.status).toBe(403);
    const csrf = await rawRequest(host.port, '/?token=secret-token', {
      origin: 'http://evil.example',
    });
    expect(csrf.status).toBe(403);
    const same = await rawRequest(host.port, '/?token=secret-token', {
      origin: `http://localhost:${host.port}`,
    });
    expect(same.status).toBe(200);
  });

  it('404 for traversal and missing files, 405 for other methods, 426 for /ws without upgrade', async () => {
    const h = { cookie: cookie() };
    expect((await rawRequest(host.port, '/%2e%2e/%2e%2e/etc/passwd', h)).status).toBe(404);
    expect((await rawRequest(host.port, '/assets', h)).status).toBe(404);
    expect((await rawRequest(host.port, '/missing.js', h)).status).toBe(404);
    expect((await rawRequest(host.port, '/', h, 'POST')).status).toBe(405);
    expect((await rawRequest(host.port, '/ws', h)).status).toBe(426);
    expect((await rawRequest(host.port, 'http://[bad', h)).status).toBe(400);
  });

  it('refuses WebSocket upgrades: 401 without token, 403 with a foreign Origin or Host', async () => {
    await expect(openSocket(host.port, '')).rejects.toThrow('HTTP 401');
    await expect(
      openSocket(host.port, '?token=secret-token', { origin: 'http://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    await expect(
      openSocket(host.port, '?token=secret-token', { host: `evil.example:${host.port}` }),
    ).rejects.toThrow('HTTP 403');
    const ok = await openSocket(host.port, '', {
      cookie: cookie(),
      origin: `http://127.0.0.1:${host.port}`,
    });
    ok.close();
  });
});

describe('close', () => {
  it('closes open sockets and stops listening', async () => {
    const dir2 = await fakeStaticDir();
    const eng = createEngine();
    const h = await startWebHost({ engine: eng, port: 0, staticDir: dir2, version: '1' });
    const ws = await openSocket(h.port, `?token=${h.token}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await h.close();
    expect(await closed).toBe(1001);
    await expect(rawRequest(h.port, '/')).rejects.toThrow(/ECONNREFUSED/);
    await eng.dispose();
    await rm(dir2, { recursive: true, force: true });
  });
});
