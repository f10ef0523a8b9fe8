/**
 * The laptop side of -R fault scenarios: a local HTTP server answering `GET /bytes?n=&seed=` with
 * a deterministic ASCII body (it survives a trip through curl's stdout), and a request made from
 * another pod of the cluster whose body is checked against the same sha256.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Sim } from '../../kube-sim/index.ts';
import { getFromPod } from '../../electron/engine/reverse/testing/pod-netns.ts';
import { errorText } from '../../shared/errors.ts';
import type { Transfer } from '../transfer-client.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The body the laptop sends for (n, seed): what a pod's request must receive, byte for byte. */
export function laptopBody(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = ALPHABET.charCodeAt((i * 7 + seed) % ALPHABET.length);
  return b;
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** A response the server sends half of, then holds until `release` settles (a transfer in flight). */
export interface Hold {
  seed: number;
  release: Promise<void>;
}

/** Starts the laptop server on 127.0.0.1:`port`; resolves once it listens. */
export async function startLaptopServer(port: number, hold?: Hold): Promise<Server> {
  const server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const n = Math.min(Number(q.get('n') ?? 0), 16 << 20);
    const seed = Number(q.get('seed') ?? 1);
    const body = laptopBody(n, seed);
    res.writeHead(200, { 'content-length': body.length, 'x-sha256': sha(body) });
    if (hold?.seed !== seed) return void res.end(body);
    res.write(body.subarray(0, n >> 1));
    void hold.release.then(() => res.end(body.subarray(n >> 1)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return server;
}

/** A GET of `n` bytes from pod `ip` port 80, made inside an app pod of namespace shop. */
export async function requestFromPod(
  sim: Sim,
  ip: string,
  n: number,
  seed: number,
): Promise<Transfer> {
  const url = `http://${ip}/bytes?n=${n}&seed=${seed}`;
  let out = '';
  let error: string | undefined;
  try {
    out = await getFromPod(sim, 'shop', 'app=api', url);
  } catch (err) {
    error = errorText(err);
  }
  const received = Buffer.byteLength(out, 'latin1');
  return {
    localPort: 0,
    expected: n,
    received,
    verified: received === n && sha(Buffer.from(out, 'latin1')) === sha(laptopBody(n, seed)),
    ...(error ? { error } : {}),
  };
}
