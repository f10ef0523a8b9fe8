/**
 * The probe's "browser host out of memory" finding: 10,000 rules:add on one socket exhausted the
 * heap, every add re-sent the whole rule list, and ~900 requests were never answered. Here every
 * request gets an answer, rules stop at the cap, snapshots coalesce, and oversized frames and
 * too many requests in flight are refused.
 */
import { rm } from 'node:fs/promises';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerMap } from '../../shared/contract.ts';
import { WS_MAX_FRAME_BYTES } from '../../shared/ws-envelope.ts';
import { createEngine } from '../engine/create-engine.ts';
import { createHandlers } from '../engine/api/handlers.ts';
import { MAX_RULES } from '../engine/rules/rule-ops.ts';
import { createIdleRunner } from '../engine/rules/rule-runner.ts';
import type { Engine } from '../engine/api/engine.ts';
import { until } from '../../testing/wait.ts';
import { startWebHost, type WebHost } from './web-host.ts';
import { fakeStaticDir, messages, openSocket } from './testing/web-host-harness.ts';
import { createWsBridge } from './ws-bridge.ts';

let dir: string;
let engine: Engine;
let host: WebHost;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  dir = await fakeStaticDir();
  engine = createEngine({ runner: createIdleRunner() });
  host = await startWebHost({ engine, port: 0, staticDir: dir, version: '1' });
});
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await host?.close();
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function tab() {
  const ws = await openSocket(host.port, `?token=${host.token}`);
  sockets.push(ws);
  return { ws, inbox: messages(ws) };
}

describe('bounds of the browser host', () => {
  it('answers every one of 1,000 rules:add, stops at the rule cap, coalesces the rule list', async () => {
    const { ws, inbox } = await tab();
    ws.send(JSON.stringify({ id: 0, channel: 'app:ready' }));
    await inbox.next((m) => m.id === 0);
    const adds = 1000;
    let bytes = 0;
    ws.on('message', (d) => (bytes += String(d).length));
    for (let i = 1; i <= adds; i++) {
      const request = { direction: 'L', spec: `${20000 + i}:svc:80`, enabled: false };
      ws.send(JSON.stringify({ id: i, channel: 'rules:add', request }));
      // Keep within the in-flight limit, as the UI does; the limit itself is tested below.
      if (i % 50 === 0) await inbox.next((m) => m.id === i, 20_000);
    }
    await until(() => inbox.seen.filter((m) => m.id !== undefined).length >= adds + 1, 'answers');
    const answers = inbox.seen.filter((m) => typeof m.id === 'number' && m.id > 0);
    const ok = answers.filter((m) => m.result?.ok);
    const refused = answers.filter((m) => m.result?.error?.kind === 'LimitReached');
    expect(answers).toHaveLength(adds);
    expect(ok).toHaveLength(MAX_RULES);
    expect(refused).toHaveLength(adds - MAX_RULES);
    expect(refused[0]?.result?.error?.message).toBe(
      `Portside holds at most ${MAX_RULES} rules; remove one before adding another`,
    );
    expect(engine.listRules()).toHaveLength(MAX_RULES);
    // The last list the tab sees is the real one, whatever was coalesced on the way.
    await until(() => {
      const last = inbox.seen.filter((m) => m.event === 'rules:changed').at(-1);
      return (last?.payload as unknown[] | undefined)?.length === MAX_RULES;
    }, 'the final rule list');
    const snapshots = inbox.seen.filter((m) => m.event === 'rules:changed').length;
    // Without coalescing every accepted add sent the whole list: Σ k for k ≤ 200 ≈ 20,100 rules.
    expect(snapshots).toBeLessThan(MAX_RULES);
    console.log(`1,000 adds: ${snapshots} rule lists sent, ${(bytes / 1e6).toFixed(1)} MB total`);
  });

  it('closes a socket that sends a frame over the size limit (1009)', async () => {
    const { ws } = await tab();
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.send('x'.repeat(WS_MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(1009);
  });
});

describe('requests in flight per socket', () => {
  it('refuses beyond the limit with LimitReached, and answers the rest once they finish', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const idle = createEngine({ runner: createIdleRunner() });
    const base = createHandlers(idle, { host: 'web', version: '1' });
    const handlers: HandlerMap = { ...base, 'rules:list': async () => (await gate, []) };
    const bridge = createWsBridge(handlers, { maxPending: 4 });
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (socket) => bridge.attach(socket));
    await new Promise((r) => wss.once('listening', r));
    const ws = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
    sockets.push(ws);
    const inbox = messages(ws);
    await new Promise((r) => ws.once('open', r));
    for (let id = 1; id <= 6; id++) ws.send(JSON.stringify({ id, channel: 'rules:list' }));
    const fifth = await inbox.next((m) => m.id === 5);
    expect(fifth.result?.error?.kind).toBe('LimitReached');
    expect((await inbox.next((m) => m.id === 6)).result?.error?.kind).toBe('LimitReached');
    release();
    for (let id = 1; id <= 4; id++)
      expect((await inbox.next((m) => m.id === id)).result).toEqual({ ok: true, value: [] });
    ws.close();
    await new Promise((r) => wss.close(r));
    await idle.dispose();
  });
});
