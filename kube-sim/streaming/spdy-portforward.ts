/**
 * kubectl's port-forward over SPDY/3 (raw or tunnelled): streams arrive in (error, data) pairs
 * keyed by `requestid`, possibly interleaved under concurrency (docs/kube-wire.md §6.5–6.7).
 * Mirrors pkg/kubelet/cri/streaming/portforward/httpstream.go.
 */
import type { Duplex } from 'node:stream';
import { forwardErrorText, type StreamContext } from './context.ts';
import { SpdySession, type SpdyStream } from './spdy-session.ts';

/** kubelet's streamCreationTimeout: an incomplete pair is dropped after this long. */
export const PAIR_TIMEOUT_MS = 30_000;

interface Pair {
  port: number;
  error?: SpdyStream;
  data?: SpdyStream;
  timer: NodeJS.Timeout;
}

export interface SpdyPortForwardOptions {
  /** Graceful close of the transport (a tunnel closes its WebSocket with 1000). */
  endTransport?: () => void;
  /** Overrides PAIR_TIMEOUT_MS (tests). */
  pairTimeoutMs?: number;
}

/** Serves kubectl port-forward streams on `transport` until the session ends. */
export function serveSpdyPortForward(
  transport: Duplex,
  ctx: StreamContext,
  opts: SpdyPortForwardOptions = {},
): SpdySession {
  const pairs = new Map<string, Pair>();
  const timeout = opts.pairTimeoutMs ?? PAIR_TIMEOUT_MS;
  const session = new SpdySession(transport, {
    endTransport: opts.endTransport,
    onStream: (stream) => acceptStream(stream, pairs, ctx, timeout),
  });
  const untrack = ctx.track(() => session.destroy());
  transport.once('close', () => {
    untrack();
    for (const pair of pairs.values()) clearTimeout(pair.timer);
  });
  return session;
}

function acceptStream(
  stream: SpdyStream,
  pairs: Map<string, Pair>,
  ctx: StreamContext,
  timeout: number,
): boolean {
  const type = stream.headers['streamtype'];
  const port = Number(stream.headers['port']);
  if ((type !== 'error' && type !== 'data') || !Number.isInteger(port) || port < 1 || port > 65535)
    return false;
  // Clients before requestid paired by adjacency: error stream id N, data stream id N+2.
  const key = stream.headers['requestid'] ?? String(type === 'error' ? stream.id : stream.id - 2);
  let pair = pairs.get(key);
  if (!pair) {
    const timer = setTimeout(() => dropPair(key, pairs), timeout);
    timer.unref();
    pair = { port, timer };
    pairs.set(key, pair);
  }
  if (pair[type]) return false;
  pair[type] = stream;
  const { error, data } = pair;
  if (error && data) {
    clearTimeout(pair.timer);
    pairs.delete(key);
    void forward(pair.port, error, data, ctx);
  }
  return true;
}

function dropPair(key: string, pairs: Map<string, Pair>): void {
  const pair = pairs.get(key);
  pairs.delete(key);
  pair?.error?.destroy();
  pair?.data?.destroy();
}

async function forward(
  port: number,
  error: SpdyStream,
  data: SpdyStream,
  ctx: StreamContext,
): Promise<void> {
  error.resume(); // kubectl half-closes its side of the error stream at once
  let pod: Duplex;
  try {
    pod = await ctx.runtime.dial(ctx.pod, port);
  } catch (err) {
    // Any text on the error stream ends the whole kubectl session (§6.7), as with a real kubelet.
    error.end(forwardErrorText(port, ctx.pod, err));
    data.resume(); // nobody will read what the client still sends; it must not stall the session
    data.end();
    return;
  }
  if (data.destroyed) {
    pod.destroy();
    return;
  }
  pipePair(port, pod, error, data, ctx);
}

function pipePair(
  port: number,
  pod: Duplex,
  error: SpdyStream,
  data: SpdyStream,
  ctx: StreamContext,
): void {
  let podEnded = false;
  pod.on('end', () => (podEnded = true));
  pod.pipe(data); // pod FIN → DATA FIN
  data.pipe(pod); // client DATA FIN → half-close toward the pod
  data.once('finish', () => error.end()); // clean finish: empty error stream + FIN
  pod.on('error', (err) => {
    if (!data.writableEnded) error.end(forwardErrorText(port, ctx.pod, err));
    data.end();
  });
  // A reset data stream (or a dead session) ends the pod connection unless it already ended.
  data.once('close', () => {
    if (!podEnded || !pod.writableEnded) pod.destroy();
  });
}
