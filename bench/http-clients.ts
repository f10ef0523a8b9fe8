/** HTTP clients against the forwarded `http` app: one request per connection, each with a deadline. */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { deadline, endpoint, InvalidSample, type Target } from './clients.ts';

/** GET /bytes?n&seed from the `http` app on its own connection; resolves with status, body sha256 and the app's x-sha256. */
export function httpBytes(
  port: Target,
  n: number,
  seed: number,
  ms: number,
): Promise<{ status: number; sha256: string; claimed: string }> {
  let destroy = (): void => {};
  const work = new Promise<{ status: number; sha256: string; claimed: string }>(
    (resolve, reject) => {
      const req = request(
        {
          ...endpoint(port),
          path: `/bytes?n=${n}&seed=${seed}`,
          agent: false,
          headers: { connection: 'close' },
        },
        (res) => {
          const hash = createHash('sha256');
          res.on('data', (c: Buffer) => hash.update(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              sha256: hash.digest('hex'),
              claimed: String(res.headers['x-sha256']),
            }),
          );
          res.on('error', reject);
        },
      );
      destroy = () => req.destroy();
      req.on('error', reject);
      req.end();
    },
  );
  return deadline(work, ms, `GET /bytes?n=${n}`, () => destroy());
}

/** POSTs `payload` (Content-Length framed, so no FIN is needed) to the `http` app's /sink; resolves with what it counted. */
export function httpUpload(
  port: Target,
  payload: Buffer,
  ms: number,
): Promise<{ bytes: number; sha256: string }> {
  let destroy = (): void => {};
  const CHUNK = 256 * 1024;
  const work = new Promise<{ bytes: number; sha256: string }>((resolve, reject) => {
    const headers = {
      connection: 'close',
      'content-type': 'application/octet-stream',
      'content-length': String(payload.length),
    };
    const req = request(
      { ...endpoint(port), method: 'POST', path: '/sink', agent: false, headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body) as { bytes: number; sha256: string });
          } catch {
            reject(
              new InvalidSample(
                `status ${res.statusCode}, answer ${JSON.stringify(body.slice(0, 100))}`,
              ),
            );
          }
        });
        res.on('error', reject);
      },
    );
    destroy = () => req.destroy();
    req.on('error', reject);
    let offset = 0;
    const pump = (): void => {
      while (offset < payload.length) {
        const chunk = payload.subarray(offset, offset + CHUNK);
        offset += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
  return deadline(work, ms, `POST /sink of ${payload.length} B`, () => destroy());
}
