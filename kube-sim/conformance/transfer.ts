/** Client-side checks through a forwarded local port: HTTP downloads/uploads with sha256, raw echo. */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** One HTTP/1.1 request on its own TCP connection (so each is its own forwarded stream). */
export function httpRequest(
  port: number,
  method: string,
  path: string,
  body?: Buffer,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent: false, headers: { connection: 'close' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Downloads `n` deterministic bytes and checks them against the app's `x-sha256`. */
export async function download(
  port: number,
  n: number,
  seed: number,
): Promise<{ ok: boolean; bytes: number }> {
  const res = await httpRequest(port, 'GET', `/bytes?n=${n}&seed=${seed}`);
  return {
    ok: res.status === 200 && sha256(res.body) === res.headers['x-sha256'],
    bytes: res.body.length,
  };
}

/** Uploads `payload` to POST /sink and returns what the app counted and hashed. */
export async function upload(
  port: number,
  payload: Buffer,
): Promise<{ bytes: number; sha256: string }> {
  const res = await httpRequest(port, 'POST', '/sink', payload);
  return JSON.parse(res.body.toString()) as { bytes: number; sha256: string };
}

/** Sends `payload` to an echo port, half-closes, and returns everything until the remote FIN. */
export async function echoRoundTrip(port: number, payload: Buffer): Promise<Buffer> {
  const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  await once(socket, 'connect');
  socket.end(payload);
  await once(socket, 'end');
  socket.destroy();
  return Buffer.concat(chunks);
}
