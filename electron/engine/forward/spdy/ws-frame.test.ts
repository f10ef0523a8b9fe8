import { PassThrough, Writable } from 'node:stream';
import * as wsModule from 'ws';
import { describe, expect, it } from 'vitest';
import { writeBinaryFrame } from './ws-frame.ts';

/** ws's frame parser: exported by ws (`ws.Receiver`), not declared in its type definitions. */
const { Receiver } = wsModule as unknown as {
  Receiver: new (o: { isServer: boolean; binaryType: string }) => Writable;
};

/** What a WebSocket server (ws's own receiver, server side: masks required) reads from `bytes`. */
function serverReads(bytes: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const r = new Receiver({ isServer: true, binaryType: 'nodebuffer' });
    const got: Buffer[] = [];
    r.on('message', (data: Buffer, isBinary: boolean) =>
      isBinary ? got.push(Buffer.from(data)) : reject(new Error('text frame')),
    );
    r.on('error', reject);
    r.write(bytes, () => resolve(got));
  });
}

/** A socket that keeps every chunk written to it, as written. */
function recorder(): { socket: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const socket = new Writable({ write: (chunk: Buffer, _e, cb) => (writes.push(chunk), cb()) });
  return { socket, writes };
}

/** The first `n` bytes written for a message of `length` zero bytes. */
function head(length: number, n: number): Buffer {
  const { socket, writes } = recorder();
  writeBinaryFrame(socket, Buffer.alloc(length));
  return writes[0]!.subarray(0, n);
}

describe('client binary frames written straight to the socket', () => {
  it('uses the 7-, 16- and 64-bit length forms with a masking key', () => {
    expect([...head(125, 6)]).toEqual([0x82, 0x80 | 125, 0, 0, 0, 0]);
    expect([...head(126, 8)]).toEqual([0x82, 0x80 | 126, 0, 126, 0, 0, 0, 0]);
    expect(head(65536, 10)).toEqual(Buffer.from([0x82, 0x80 | 127, 0, 0, 0, 0, 0, 1, 0, 0]));
  });

  it('is read back by a WebSocket server byte for byte, small and large, in order', async () => {
    const socket = new PassThrough();
    const out: Buffer[] = [];
    socket.on('data', (c: Buffer) => out.push(c));
    const sizes = [0, 1, 125, 126, 16 * 1024, 16 * 1024 + 1, 65535, 65536, 1024 * 1024];
    const payloads = sizes.map((n, i) => Buffer.alloc(n, i + 1));
    let written = 0;
    for (const p of payloads) writeBinaryFrame(socket, p, () => written++);
    await new Promise((r) => setImmediate(r));
    expect(written).toBe(payloads.length);
    expect(await serverReads(Buffer.concat(out))).toEqual(payloads);
  });

  it('writes a large payload after its header as it is (no copy), alone or behind a head', async () => {
    const { socket, writes } = recorder();
    const body = Buffer.alloc(65536, 7);
    const head = Buffer.from('SPDYHEAD');
    let done = 0;
    writeBinaryFrame(socket, body, () => done++);
    writeBinaryFrame(socket, [head, body], () => done++);
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(2);
    expect(writes).toHaveLength(4); // a short write, then the payload, for each
    expect(writes[1]).toBe(body);
    expect(writes[3]).toBe(body);
    expect(await serverReads(Buffer.concat(writes))).toEqual([body, Buffer.concat([head, body])]);
  });
});
