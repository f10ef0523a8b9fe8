import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, suggestFreePort } from './listen.ts';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('listen', () => {
  it('binds, and reports a busy port with a free one to try', async () => {
    const first = await listen('127.0.0.1', 0, (s) => s.destroy());
    servers.push(first);
    const port = (first.address() as net.AddressInfo).port;
    const err = await listen('127.0.0.1', port, () => {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'PortInUse' });
    const m = /^127\.0\.0\.1:(\d+) is already in use \(by another program\); try (\d+)$/.exec(
      (err as Error).message,
    );
    expect(Number(m?.[1])).toBe(port);
    const suggested = Number(m?.[2]);
    const again = await listen('127.0.0.1', suggested, () => {});
    servers.push(again);
    expect((again.address() as net.AddressInfo).port).toBe(suggested);
  });

  it('names an address this machine does not have', async () => {
    await expect(listen('192.0.2.77', 18080, () => {})).rejects.toThrow(
      'cannot listen on 192.0.2.77:18080: this machine has no address 192.0.2.77',
    );
  });

  it('suggests ports from 1024 up for privileged ones', async () => {
    expect(await suggestFreePort('127.0.0.1', 80)).toBeGreaterThanOrEqual(1024);
  });
});
