/** The raw SPDY/3.1 upgrade against a plain HTTP server playing the API server's part. */
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../../../testing/wait.ts';
import { openRawTransport, RAW_PROTOCOL } from './raw-transport.ts';
import type { TransportHandlers } from './transport.ts';

type OnUpgrade = (req: IncomingMessage, socket: Duplex) => void;
let server: http.Server | undefined;
afterEach(() => server?.close());

async function apiServer(onUpgrade: OnUpgrade): Promise<string> {
  server = http.createServer((_req, res) => res.writeHead(400).end());
  server.on('upgrade', onUpgrade);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return `ws://127.0.0.1:${port}/api/v1/namespaces/default/pods/p/portforward?ports=80`;
}

/** Handlers that record what the transport told its session. */
function recorder() {
  const seen = { opened: 0, data: [] as Buffer[], failed: [] as string[], closed: 0 };
  const handlers: TransportHandlers = {
    onOpen: () => void seen.opened++,
    onData: (chunk) => void seen.data.push(chunk),
    onProtocolError: (reason) => void seen.failed.push(reason),
    onClose: () => void seen.closed++,
    fail: (reason) => void seen.failed.push(reason),
  };
  return { seen, handlers };
}

/** Answers 101 with `headers`; `after` rides in the same write, as a first frame may. */
const accept = (socket: Duplex, headers: string, after = ''): void =>
  void socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `${headers}\r\n${after}`,
  );
const PROTOCOL = `X-Stream-Protocol-Version: ${RAW_PROTOCOL}\r\n`;

describe('raw SPDY/3.1 upgrade', () => {
  it('asks as kubectl does, then carries bytes both ways and ends with a FIN', async () => {
    let req: IncomingMessage | undefined;
    const got: Buffer[] = [];
    let serverSawEnd = false;
    const url = await apiServer((r, socket) => {
      req = r;
      socket.on('data', (c: Buffer) => got.push(c));
      socket.on('end', () => ((serverSawEnd = true), socket.end()));
      accept(socket, PROTOCOL, 'head'); // bytes right behind the 101 must not be lost
    });
    const { seen, handlers } = recorder();
    const t = openRawTransport(url, { headers: { Authorization: 'Bearer x' } }, 5000, handlers);
    expect(t.state).toBe('connecting');
    expect(await t.opened).toEqual({ ok: true });
    expect([t.state, seen.opened]).toEqual(['open', 1]);
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/api/v1/namespaces/default/pods/p/portforward');
    expect(req?.headers).toMatchObject({
      upgrade: 'SPDY/3.1',
      'x-stream-protocol-version': RAW_PROTOCOL,
      authorization: 'Bearer x',
    });
    await until(() => Buffer.concat(seen.data).toString() === 'head', 'bytes after the 101');
    const big = Buffer.alloc(100_000, 7);
    let taken = false;
    t.write([Buffer.from('hd'), big], () => (taken = true));
    t.write(Buffer.from('tail'));
    await until(() => Buffer.concat(got).length === 100_006, 'bytes at the server');
    expect(Buffer.concat(got)).toEqual(
      Buffer.concat([Buffer.from('hd'), big, Buffer.from('tail')]),
    );
    expect(taken).toBe(true);
    t.end();
    await until(() => serverSawEnd && seen.closed === 1, 'FIN at the server, then closed');
    expect([t.state, seen.failed]).toEqual(['closed', []]);
  });

  it('fails in words when the 101 names another protocol', async () => {
    const url = await apiServer((_r, socket) => accept(socket, ''));
    const { seen, handlers } = recorder();
    const t = openRawTransport(url, {}, 5000, handlers);
    await expect(t.opened).rejects.toThrow(
      'the API server answered protocol "" to the SPDY upgrade',
    );
    expect([t.state, seen.opened, seen.failed.length]).toEqual(['closed', 0, 1]);
  });

  it("turns a refusal into the server's words and its status", async () => {
    const body = JSON.stringify({
      kind: 'Status',
      code: 403,
      message: 'pods/portforward is forbidden',
    });
    const url = await apiServer((_r, socket) =>
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      ),
    );
    const { seen, handlers } = recorder();
    const t = openRawTransport(url, {}, 5000, handlers);
    const opened = await t.opened;
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.status).toBe(403);
    expect(opened.error.message).toBe(
      'the API server refused the port-forward (HTTP 403): pods/portforward is forbidden',
    );
    expect(seen.failed).toEqual([opened.error.message]);
  });
});
