import { rm } from 'node:fs/promises';
import type WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import type { Engine } from '../engine/api/engine.ts';
import { startWebHost, type WebHost } from './web-host.ts';
import { fakeStaticDir, messages, openSocket, type Msg } from './testing/web-host-harness.ts';

let dir: string;
let engine: Engine;
let host: WebHost;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  dir = await fakeStaticDir();
  let n = 0;
  engine = createEngine({ newId: () => `r${++n}` });
  host = await startWebHost({ engine, port: 0, staticDir: dir, version: '2.3.4' });
});
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await host?.close();
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function client() {
  const ws = await openSocket(host.port, `?token=${host.token}`);
  sockets.push(ws);
  const inbox = messages(ws);
  let id = 0;
  const call = async (channel: string, request?: unknown): Promise<Msg['result']> => {
    const my = ++id;
    ws.send(JSON.stringify({ id: my, channel, request }));
    return (await inbox.next((m) => m.id === my)).result;
  };
  return { ws, inbox, call };
}

describe('the contract over /ws', () => {
  it('answers app:info with host web and the version', async () => {
    const { call } = await client();
    expect(await call('app:info')).toEqual({ ok: true, value: { version: '2.3.4', host: 'web' } });
  });

  it('adds, lists and removes rules; engine errors come back as data', async () => {
    const { call } = await client();
    const added = await call('rules:add', { direction: 'L', spec: '18080:api:80', enabled: false });
    expect(added).toMatchObject({
      ok: true,
      value: { direction: 'L', spec: '18080:api:80', enabled: false },
    });
    const id = (added?.value as { id: string }).id;
    expect(await call('rules:list')).toMatchObject({ ok: true, value: [{ id }] });
    expect(await call('rules:add', { direction: 'R', spec: '9090:3000' })).toMatchObject({
      ok: false,
      error: { kind: 'InvalidTarget' },
    });
    expect(await call('rules:remove', { id })).toEqual({ ok: true, value: { id } });
    expect(await call('rules:list')).toEqual({ ok: true, value: [] });
  });

  it('rejects malformed frames with a Validation error and keeps serving', async () => {
    const { ws, inbox, call } = await client();
    ws.send('not json');
    expect((await inbox.next((m) => m.id === null)).result).toMatchObject({
      ok: false,
      error: { kind: 'Validation' },
    });
    ws.send(JSON.stringify({ id: 77, chanel: 'rules:list' }));
    expect((await inbox.next((m) => m.id === 77)).result?.error?.message).toMatch(/malformed/);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await inbox.next((m) => m.result?.error?.message.includes('binary') === true);
    expect(await call('rules:nuke')).toMatchObject({
      ok: false,
      error: { kind: 'Validation', message: 'unknown channel rules:nuke' },
    });
    expect(await call('rules:add', { direction: 'X', spec: '1' })).toMatchObject({
      ok: false,
      error: { kind: 'Validation' },
    });
    expect(await call('rules:add', { direction: 'L', spec: '1:a:2', extra: 1 })).toMatchObject({
      ok: false,
    });
    expect(await call('app:info')).toMatchObject({ ok: true });
  });

  it('holds events for a tab until its app:ready, then delivers them in order', async () => {
    const watcher = await client();
    const actor = await client();
    await actor.call('app:ready');
    await actor.call('rules:add', { direction: 'L', spec: '18081:db:5432', enabled: false });
    await actor.inbox.next((m) => m.event === 'rules:changed');
    expect(watcher.inbox.seen.filter((m) => m.event)).toEqual([]);
    expect(await watcher.call('app:ready')).toEqual({ ok: true, value: null });
    const ev = await watcher.inbox.next((m) => m.event === 'rules:changed');
    expect(ev.payload).toMatchObject([{ spec: '18081:db:5432' }]);
    const list = (await actor.call('rules:list'))?.value as Array<{ id: string }>;
    for (const r of list) await actor.call('rules:remove', { id: r.id });
  });

  it('broadcasts rules:changed to every ready tab', async () => {
    const a = await client();
    const b = await client();
    await a.call('app:ready');
    await b.call('app:ready');
    const res = await a.call('rules:add', {
      direction: 'L',
      spec: '18082:cache:6379',
      enabled: false,
    });
    const id = (res?.value as { id: string }).id;
    const hasIt = (m: Msg) => m.event === 'rules:changed' && JSON.stringify(m.payload).includes(id);
    await Promise.all([a.inbox.next(hasIt), b.inbox.next(hasIt)]);
    await a.call('rules:remove', { id });
  });
});

describe('an engine that is still loading', () => {
  it('lets requests wait for it, and reports an engine that failed to load', async () => {
    const dir2 = await fakeStaticDir();
    let resolveEngine: (e: Engine) => void = () => undefined;
    const late = await startWebHost({
      engine: new Promise<Engine>((r) => (resolveEngine = r)),
      port: 0,
      staticDir: dir2,
      version: '1',
    });
    const broken = await startWebHost({
      engine: Promise.reject(new Error('cannot load client')),
      port: 0,
      staticDir: dir2,
      version: '1',
    });
    const eng = createEngine();
    try {
      const ws = await openSocket(late.port, `?token=${late.token}`);
      sockets.push(ws);
      const inbox = messages(ws);
      ws.send(JSON.stringify({ id: 1, channel: 'app:info' }));
      ws.send(JSON.stringify({ id: 2, channel: 'app:ready' }));
      // Nothing can answer yet: prove it by a round trip on the other host first.
      const other = await openSocket(broken.port, `?token=${broken.token}`);
      sockets.push(other);
      other.send(JSON.stringify({ id: 9, channel: 'rules:list' }));
      expect((await messages(other).next((m) => m.id === 9)).result).toEqual({
        ok: false,
        error: {
          kind: 'Internal',
          message: 'the Portside engine failed to start: cannot load client',
        },
      });
      expect(inbox.seen).toEqual([]);
      resolveEngine(eng);
      expect((await inbox.next((m) => m.id === 1)).result).toEqual({
        ok: true,
        value: { version: '1', host: 'web' },
      });
      await eng.addRule({ direction: 'L', spec: '18083:x:1', enabled: false });
      await inbox.next((m) => m.event === 'rules:changed');
    } finally {
      await late.close();
      await broken.close();
      await eng.dispose();
      await rm(dir2, { recursive: true, force: true });
    }
  });
});
