import { createServer, type Server } from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWebHost } from './run-web-host.ts';
import { fakeStaticDir, rawRequest } from './testing/web-host-harness.ts';

let dir: string;
let blocker: Server;
let busyPort: number;
beforeAll(async () => {
  dir = await fakeStaticDir();
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  busyPort = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('runWebHost', () => {
  it('serves with a real engine and stops it again', async () => {
    const running = await runWebHost({ port: 0, host: '127.0.0.1', staticDir: dir });
    if (!running.ok) throw new Error(running.message);
    expect(running.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect((await rawRequest(running.host.port, `/?token=${running.host.token}`)).status).toBe(200);
    await running.stop();
    await expect(rawRequest(running.host.port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('explains a missing build', async () => {
    const r = await runWebHost({ port: 0, host: '127.0.0.1', staticDir: `${dir}/nope` });
    expect(r).toEqual({
      ok: false,
      message: `the UI is not built (no ${dir}/nope/index.html); run \`npm run build\` first`,
    });
  });

  it('explains a port in use', async () => {
    const r = await runWebHost({ port: busyPort, host: '127.0.0.1', staticDir: dir });
    expect(r).toEqual({
      ok: false,
      message: `port ${busyPort} on 127.0.0.1 is already in use; pick another with --port`,
    });
  });
});
