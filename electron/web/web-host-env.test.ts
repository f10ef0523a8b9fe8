/** The browser host never hands the process environment to a tab: import:env answers nothing. */
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { startWebHost } from './web-host.ts';
import { fakeStaticDir, messages, openSocket } from './testing/web-host-harness.ts';

describe('browser host and the environment', () => {
  it('answers import:env with no values, even for variables that are set', async () => {
    process.env.PORTSIDE_TEST_SECRET = 'do-not-leak';
    const dir = await fakeStaticDir();
    const engine = createEngine();
    const host = await startWebHost({ engine, port: 0, staticDir: dir, version: '1' });
    try {
      const ws = await openSocket(host.port, `?token=${host.token}`);
      const inbox = messages(ws);
      const names = ['PORTSIDE_TEST_SECRET', 'PATH'];
      ws.send(JSON.stringify({ id: 1, channel: 'import:env', request: { names } }));
      const reply = await inbox.next((m) => m.id === 1);
      expect(reply.result).toEqual({ ok: true, value: {} });
      ws.close();
    } finally {
      delete process.env.PORTSIDE_TEST_SECRET;
      await host.close();
      await engine.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
