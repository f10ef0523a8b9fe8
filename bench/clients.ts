/**
 * The raw TCP client side of each measurement, against a forwarded local port. Every call has a
 * deadline (a wedged forwarder fails the sample instead of hanging the run); callers check what moved.
 */
import { createHash } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** A sample that moved wrong bytes or did not finish; it is reported, never averaged in. */
export class InvalidSample extends Error {}

/** Rejects with InvalidSample after `ms`, calling `onTimeout` (which should destroy the socket). */
export function deadline<T>(
  work: Promise<T>,
  ms: number,
  what: string | (() => string),
  onTimeout: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(
        new InvalidSample(`${typeof what === 'string' ? what : what()}: not done within ${ms} ms`),
      );
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Where a client connects: a local port (of a forwarder) or a host and port (the pod itself). */
export type Target = number | { host: string; port: number };

export const endpoint = (t: Target): { host: string; port: number } =>
  typeof t === 'number' ? { host: '127.0.0.1', port: t } : t;

function open(port: Target): Socket {
  return connect({ ...endpoint(port), allowHalfOpen: true });
}

export interface Download {
  /** Resolves with the count and sha256 read once the app's FIN arrives. */
  done: Promise<{ bytes: number; sha256: string }>;
  /** Bytes read so far. */
  received(): number;
  destroy(): void;
}

/** Asks the `source` app for `n` bytes of stream `seed` and reads them as fast as they come. */
export function startDownload(port: Target, n: number, seed: number): Download {
  const socket = open(port);
  let bytes = 0;
  const done = new Promise<{ bytes: number; sha256: string }>((resolve, reject) => {
    const hash = createHash('sha256');
    socket.on('connect', () => socket.write(`${n} ${seed}\n`));
    socket.on('data', (c: Buffer) => {
      bytes += c.length;
      hash.update(c);
    });
    socket.on('end', () => {
      socket.end();
      resolve({ bytes, sha256: hash.digest('hex') });
    });
    socket.on('error', reject);
  });
  return { done, received: () => bytes, destroy: () => socket.destroy() };
}

/** `startDownload` with a deadline. */
export function download(
  port: Target,
  n: number,
  seed: number,
  ms: number,
): Promise<{ bytes: number; sha256: string }> {
  const d = startDownload(port, n, seed);
  return deadline(d.done, ms, () => `download of ${n} B (${d.received()} B arrived)`, d.destroy);
}

/**
 * Sends `payload` to the raw `sink` app with backpressure, half-closes, and returns its
 * `<bytes> <sha256>` answer: only works through a forwarder that carries the client's FIN.
 */
export function upload(
  port: Target,
  payload: Buffer,
  ms: number,
): Promise<{ bytes: number; sha256: string }> {
  const socket = open(port);
  const CHUNK = 256 * 1024;
  const work = new Promise<{ bytes: number; sha256: string }>((resolve, reject) => {
    let answer = '';
    let offset = 0;
    const pump = (): void => {
      while (offset < payload.length) {
        const chunk = payload.subarray(offset, offset + CHUNK);
        offset += chunk.length;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      socket.end();
    };
    socket.on('connect', pump);
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.on('end', () => {
      const [bytes = '', hash = ''] = answer.trim().split(' ');
      resolve({ bytes: Number(bytes), sha256: hash });
    });
    socket.on('error', reject);
  });
  return deadline(work, ms, `upload of ${payload.length} B`, () => socket.destroy());
}

/**
 * Opens a fresh connection to a server-speaks-first app and resolves with the milliseconds until
 * `expected` has arrived, then closes it at once, as a client that only wanted the greeting would.
 * (Not a half-close: v4 port-forward cannot carry a client FIN, see docs/kube-wire.md.)
 */
export function firstByte(port: Target, expected: string, ms: number): Promise<number> {
  const socket = open(port);
  const t0 = performance.now();
  const work = new Promise<number>((resolve, reject) => {
    let got = '';
    socket.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      if (got.length < expected.length) return;
      const at = performance.now() - t0;
      socket.destroy();
      if (sha256(got.slice(0, expected.length)) === sha256(expected)) resolve(at);
      else
        reject(
          new InvalidSample(
            `banner was ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
          ),
        );
    });
    socket.on('end', () => reject(new InvalidSample(`closed after ${JSON.stringify(got)}`)));
    socket.on('error', reject);
  });
  return deadline(work, ms, 'banner', () => socket.destroy());
}

/**
 * Opens a download of `n` bytes of stream `seed` and stops reading after the first chunk: the forwarder's buffers
 * towards this client fill up, and a forwarder without per-connection backpressure stalls its
 * other connections. `release` reads the rest and waits for the end, so the connection closes the
 * ordinary way: a client that vanished mid-stream is a different test (and leaves kubectl and
 * kube-sim busy for a long time with an endless stream, which would spoil later samples).
 */
export async function stalledReader(
  port: Target,
  n: number,
  seed: number,
): Promise<{ release(ms: number): Promise<{ bytes: number; sha256: string }> }> {
  const socket = open(port);
  const flowing = new Promise<void>((resolve, reject) => {
    socket.once('connect', () => socket.write(`${n} ${seed}\n`));
    // One 'readable' proves bytes flow; nothing is read, so the pipeline fills up behind it.
    socket.once('readable', () => resolve());
    socket.once('error', reject);
  });
  await deadline(flowing, 10_000, 'stalled reader start', () => socket.destroy());
  const release = async (ms: number): Promise<{ bytes: number; sha256: string }> => {
    const hash = createHash('sha256');
    let bytes = 0;
    const ended = new Promise<{ bytes: number; sha256: string }>((resolve, reject) => {
      socket.on('data', (c: Buffer) => {
        bytes += c.length;
        hash.update(c);
      });
      socket.once('end', () => resolve({ bytes, sha256: hash.digest('hex') }));
      socket.once('error', reject);
    });
    try {
      return await deadline(ended, ms, 'draining the stalled reader', () => socket.destroy());
    } finally {
      socket.destroy();
    }
  };
  return { release };
}
