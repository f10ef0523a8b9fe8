/**
 * Every corpus contract payload through both hosts — Electron's ipcMain wrapper and the browser
 * host's WebSocket — plus generated oversized and deeply nested ones, and a fast-check property
 * with random payloads on every channel. Each must come back as a typed one-line error, change
 * no state, and leave the host answering.
 */
import { rm } from 'node:fs/promises';
import fc from 'fast-check';
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorKindSchema } from '../../shared/errors.ts';
import { contract, type HandlerMap } from '../../shared/contract.ts';
import { createEngine } from '../../electron/engine/create-engine.ts';
import { createHandlers } from '../../electron/engine/api/handlers.ts';
import { createIdleRunner } from '../../electron/engine/rules/rule-runner.ts';
import type { Engine } from '../../electron/engine/api/engine.ts';
import { setupIpc } from '../../electron/main/ipc.ts';
import { eventFrom, fakeContents, fakeIpcMain, PAGE_URL } from '../../electron/main/ipc-fakes.ts';
import { startWebHost, type WebHost } from '../../electron/web/web-host.ts';
import {
  fakeStaticDir,
  messages,
  openSocket,
} from '../../electron/web/testing/web-host-harness.ts';
import { corpusLines, tally, uncleanReason } from './corpus.ts';

interface Payload {
  channel: string;
  request: unknown;
}

function nested(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const payloads: Payload[] = [
  ...corpusLines<Payload>('contract/payloads.jsonl'),
  { channel: 'rules:add', request: nested(1000) },
  { channel: 'rules:add', request: { direction: 'L', spec: `1:${'h'.repeat(100_000)}:2` } },
  { channel: 'connections:list', request: { ruleId: 'x'.repeat(100_000) } },
  { channel: 'x'.repeat(10_000), request: {} },
];

let engine: Engine;
let handlers: HandlerMap;
let dir: string;
let web: WebHost;
let ws: WebSocket;
let inbox: ReturnType<typeof messages>;
let nextId = 1;

beforeAll(async () => {
  engine = createEngine({ runner: createIdleRunner() });
  // A rule the bad payloads must leave alone.
  await engine.addRule({ direction: 'L', spec: '18080:py-serv:80', enabled: false });
  handlers = createHandlers(engine, { host: 'web', version: '1' });
  dir = await fakeStaticDir();
  web = await startWebHost({ engine, port: 0, staticDir: dir, version: '1' });
  ws = await openSocket(web.port, `?token=${web.token}`);
  inbox = messages(ws);
});
afterAll(async () => {
  ws?.terminate();
  await web?.close();
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const ipc = () => {
  const ipcMain = fakeIpcMain();
  const host = setupIpc({ ipcMain, handlers, pageUrl: PAGE_URL });
  const win = fakeContents();
  host.attach(win);
  return { ipcMain, win };
};

async function overWs(p: Payload): Promise<unknown> {
  const id = nextId++;
  ws.send(JSON.stringify({ id, channel: p.channel, request: p.request }));
  return (await inbox.next((m) => m.id === id, 5000)).result;
}

/** Why an answer is not a clean typed refusal, or undefined. */
function verdict(result: unknown): string | undefined {
  const r = result as { ok?: boolean; error?: { kind?: unknown; message?: string } } | undefined;
  if (r?.ok !== false) return `not refused: ${JSON.stringify(r).slice(0, 80)}`;
  if (!ErrorKindSchema.safeParse(r.error?.kind).success) return `untyped: ${String(r.error?.kind)}`;
  return uncleanReason(r.error?.message);
}

const state = (): string => JSON.stringify(engine.listRules());

describe('bad inputs: the contract over both hosts', () => {
  it('IPC: every payload is a typed one-line refusal and no state changes', async () => {
    const { ipcMain, win } = ipc();
    const t = tally('contract over IPC');
    const before = state();
    for (const p of payloads) {
      // Unknown channels have no ipcMain handler at all: Electron itself refuses them.
      if (
        !(p.channel in contract) ||
        contract[p.channel as keyof typeof contract].kind !== 'invoke'
      )
        continue;
      t.check(p.channel, verdict(await ipcMain.invoke(p.channel, eventFrom(win), p.request)));
    }
    t.print();
    expect(t.unclean).toEqual([]);
    expect(state()).toBe(before);
  });

  it('WebSocket: every payload is a typed one-line refusal and no state changes', async () => {
    const t = tally('contract over WebSocket');
    const before = state();
    for (const p of payloads) t.check(p.channel.slice(0, 40), verdict(await overWs(p)));
    // 40,000 levels deep (240 kB, under the frame limit), as text: parsed without a crash.
    const deep = `{"a":`.repeat(40_000) + '1' + '}'.repeat(40_000);
    const id = nextId++;
    ws.send(`{"id":${id},"channel":"rules:add","request":${deep}}`);
    t.check('40k levels deep', verdict((await inbox.next((m) => m.id === id)).result));
    t.print();
    expect(t.unclean).toEqual([]);
    expect(state()).toBe(before);
    expect(await overWs({ channel: 'app:info', request: undefined })).toMatchObject({ ok: true });
  });

  it('property: random payloads on every channel never crash either host', async () => {
    const { ipcMain, win } = ipc();
    const channels = [...Object.keys(contract), 'no:such', '__proto__'];
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...channels),
        fc.anything({ maxDepth: 4 }),
        async (channel, request) => {
          tried += 1;
          const viaWs = (await overWs({ channel, request })) as { ok?: boolean };
          expect(typeof viaWs?.ok).toBe('boolean');
          if (channel in contract && contract[channel as keyof typeof contract].kind === 'invoke') {
            const viaIpc = (await ipcMain.invoke(channel, eventFrom(win), request)) as {
              ok?: boolean;
            };
            expect(typeof viaIpc?.ok).toBe('boolean');
          }
        },
      ),
      { numRuns: 300 },
    );
    console.log(`bad inputs · random payloads: tried ${tried} on both hosts, hosts still up`);
    expect(await overWs({ channel: 'app:info', request: undefined })).toMatchObject({ ok: true });
  });
});
