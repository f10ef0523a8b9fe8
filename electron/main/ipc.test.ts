import { describe, expect, it } from 'vitest';
import { eventChannels, invokeChannels } from '../../shared/contract.ts';
import { setupIpc } from './ipc.ts';
import {
  PAGE_URL,
  eventFrom,
  fakeContents,
  fakeHandlers,
  fakeIpcMain,
  sampleRule,
  type FakeContents,
} from './ipc-fakes.ts';

function setup() {
  const ipcMain = fakeIpcMain();
  const handlers = fakeHandlers();
  const logs: string[] = [];
  const host = setupIpc({ ipcMain, handlers, pageUrl: PAGE_URL, log: (m) => logs.push(m) });
  const win = fakeContents();
  const attachment = host.attach(win);
  return { ipcMain, handlers, host, win, attachment, logs };
}

const sentTo = (contents: FakeContents) => contents.send.mock.calls.map(([ch, p]) => [ch, p]);

describe('setupIpc: channels', () => {
  it('registers one handler per invoke channel of the contract and nothing else', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.listeners.keys()].sort()).toEqual([...invokeChannels].sort());
    for (const ch of eventChannels) expect(ipcMain.listeners.has(ch)).toBe(false);
  });

  it('dispose removes every handler', () => {
    const { ipcMain, host } = setup();
    host.dispose();
    expect(ipcMain.listeners.size).toBe(0);
  });
});

describe('setupIpc: a trusted call', () => {
  it('reaches the handler with the parsed request and returns its value', async () => {
    const { ipcMain, handlers, win } = setup();
    const input = { direction: 'L', spec: '8080:web:80' };
    const result = await ipcMain.invoke('rules:add', eventFrom(win), input);
    expect(result).toEqual({ ok: true, value: sampleRule });
    expect(handlers['rules:add']).toHaveBeenCalledWith(input);
  });

  it('accepts our page with a fragment or query (client-side routing)', async () => {
    const { ipcMain, win } = setup();
    win.mainFrame.url = `${PAGE_URL}?x=1#/rules`;
    const result = await ipcMain.invoke('app:info', eventFrom(win));
    expect(result).toEqual({ ok: true, value: { version: '0.1.0', host: 'electron' } });
  });

  it('turns a handler failure into error data', async () => {
    const { ipcMain, handlers, win } = setup();
    handlers['rules:remove'].mockImplementation(() => {
      throw Object.assign(new Error('no rule x'), { kind: 'NotFound' });
    });
    const result = await ipcMain.invoke('rules:remove', eventFrom(win), { id: 'x' });
    expect(result).toMatchObject({ ok: false, error: { message: 'no rule x' } });
  });
});

describe('setupIpc: invalid payloads', () => {
  const bad: Array<[string, unknown]> = [
    ['rules:add', { direction: 'X', spec: '1:a:2' }],
    ['rules:add', { direction: 'L', spec: '8080:web:80', extra: true }],
    ['rules:add', 'rules:add'],
    ['rules:remove', { id: '' }],
    ['rules:set-enabled', { id: 'r1', enabled: 'yes' }],
    ['app:info', { anything: 1 }],
  ];
  it.each(bad)('%s with %j is refused as Validation before any handler runs', async (ch, req) => {
    const { ipcMain, handlers, win } = setup();
    const result = await ipcMain.invoke(ch, eventFrom(win), req);
    expect(result).toMatchObject({ ok: false, error: { kind: 'Validation' } });
    for (const h of Object.values(handlers)) expect(h).not.toHaveBeenCalled();
  });
});

describe('setupIpc: foreign senders', () => {
  const cases: Array<[string, (s: ReturnType<typeof setup>) => ReturnType<typeof eventFrom>]> = [
    ['a sub-frame of our window showing our page', (s) => eventFrom(s.win, { url: PAGE_URL })],
    ['another webContents that was never attached', () => eventFrom(fakeContents())],
    [
      'our main frame after navigating elsewhere',
      (s) => {
        s.win.mainFrame.url = 'https://example.com/';
        return eventFrom(s.win);
      },
    ],
    [
      'another file in the app',
      (s) => {
        s.win.mainFrame.url = PAGE_URL.replace('index.html', 'other.html');
        return eventFrom(s.win);
      },
    ],
    ['a frame that is already gone (senderFrame null)', (s) => eventFrom(s.win, null)],
    [
      'our frame claimed by another contents',
      (s) => ({ sender: fakeContents(), senderFrame: s.win.mainFrame }),
    ],
    [
      'destroyed contents',
      (s) => {
        s.win.destroyed = true;
        return eventFrom(s.win);
      },
    ],
    [
      'contents that were detached',
      (s) => {
        s.attachment.detach();
        return eventFrom(s.win);
      },
    ],
  ];
  it.each(cases)('%s is refused as Forbidden before any handler runs', async (_name, makeEvent) => {
    const s = setup();
    const event = makeEvent(s);
    const result = await s.ipcMain.invoke('rules:add', event, { direction: 'L', spec: '1:a:2' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    for (const h of Object.values(s.handlers)) expect(h).not.toHaveBeenCalled();
    expect(s.logs).toHaveLength(1);
  });
});

describe('setupIpc: events and the ready handshake', () => {
  const rulesA = [sampleRule];
  const rulesB = [{ ...sampleRule, enabled: false }];
  const delta = { upserted: [], removed: ['c1'] };

  it('queues events until app:ready, then delivers them in order, then sends directly', async () => {
    const { ipcMain, host, win } = setup();
    host.emit('rules:changed', rulesA);
    host.emit('connections:changed', delta);
    host.emit('rules:changed', rulesB);
    expect(win.send).not.toHaveBeenCalled();

    const ready = await ipcMain.invoke('app:ready', eventFrom(win));
    expect(ready).toEqual({ ok: true, value: null });
    // rules:changed is the whole list: the newer one replaces the queued older one.
    expect(sentTo(win)).toEqual([
      ['connections:changed', delta],
      ['rules:changed', rulesB],
    ]);
    host.emit('connections:changed', delta);
    expect(sentTo(win).at(-1)).toEqual(['connections:changed', delta]);
    expect(win.send).toHaveBeenCalledTimes(3);
  });

  it('an app:ready from a foreign frame or with a bad payload does not release the queue', async () => {
    const { ipcMain, host, win } = setup();
    host.emit('rules:changed', rulesA);
    await ipcMain.invoke('app:ready', eventFrom(win, { url: PAGE_URL }));
    await ipcMain.invoke('app:ready', eventFrom(win), { ready: true });
    expect(win.send).not.toHaveBeenCalled();
  });

  it('queues again after the page is replaced (reload) until the new page is ready', async () => {
    const { ipcMain, host, win, attachment } = setup();
    await ipcMain.invoke('app:ready', eventFrom(win));
    attachment.pageReset();
    host.emit('rules:changed', rulesB);
    expect(win.send).not.toHaveBeenCalled();
    await ipcMain.invoke('app:ready', eventFrom(win));
    expect(sentTo(win)).toEqual([['rules:changed', rulesB]]);
  });

  it('keeps a queue per window', async () => {
    const { ipcMain, host, win } = setup();
    const other = fakeContents();
    host.attach(other);
    host.emit('rules:changed', rulesA);
    await ipcMain.invoke('app:ready', eventFrom(win));
    expect(sentTo(win)).toEqual([['rules:changed', rulesA]]);
    expect(other.send).not.toHaveBeenCalled();
    await ipcMain.invoke('app:ready', eventFrom(other));
    expect(sentTo(other)).toEqual([['rules:changed', rulesA]]);
  });

  it('never sends to destroyed or detached contents', async () => {
    const { ipcMain, host, win, attachment } = setup();
    await ipcMain.invoke('app:ready', eventFrom(win));
    win.destroyed = true;
    host.emit('rules:changed', rulesA);
    win.destroyed = false;
    attachment.detach();
    host.emit('rules:changed', rulesA);
    expect(win.send).not.toHaveBeenCalled();
  });
});
