/**
 * Exec over SPDY/3 (kubectl ≤ 1.29, or KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false): the client
 * opens one stream per role, typed by `streamtype` (error, stdin, stdout, stderr, resize); the
 * command starts once all expected streams exist and the Status JSON goes on the error stream
 * (remotecommand v4, kubelet cri/streaming/remotecommand).
 */
import { Writable, type Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { StreamContext } from './context.ts';
import { runForStatus, type ExecOptions } from './exec-common.ts';
import { SpdySession, type SpdyStream } from './spdy-session.ts';

/** Protocols we answer in X-Stream-Protocol-Version; v5 over SPDY is v4 under another name. */
export const EXEC_SPDY_PROTOCOLS = ['v4.channel.k8s.io', 'v5.channel.k8s.io'];
const STREAM_WAIT_MS = 30_000;

/** Runs one exec session on a raw SPDY transport. */
export function serveSpdyExec(
  transport: Duplex,
  opts: ExecOptions,
  ctx: StreamContext & { container: string },
): void {
  const expected = new Set(['error']);
  if (opts.stdin) expected.add('stdin');
  if (opts.stdout) expected.add('stdout');
  if (opts.stderr && !opts.tty) expected.add('stderr');
  if (opts.tty) expected.add('resize');
  const streams = new Map<string, SpdyStream>();
  const session = new SpdySession(transport, {
    onStream: (stream) => {
      const type = stream.headers['streamtype'] ?? '';
      if (!expected.has(type) || streams.has(type)) return false;
      streams.set(type, stream);
      if (streams.size === expected.size) {
        clearTimeout(timer);
        void run(streams, session, opts, ctx);
      }
      return true;
    },
  });
  const timer = setTimeout(() => session.destroy(), STREAM_WAIT_MS).unref();
  const untrack = ctx.track(() => session.destroy());
  transport.once('close', () => {
    clearTimeout(timer);
    untrack();
  });
}

async function run(
  streams: Map<string, SpdyStream>,
  session: SpdySession,
  opts: ExecOptions,
  ctx: StreamContext & { container: string },
): Promise<void> {
  const error = streams.get('error')!;
  const stdout = streams.get('stdout');
  const stderr = streams.get('stderr');
  error.resume();
  streams.get('resize')?.resume();
  const status = await runForStatus(ctx, opts.command, {
    stdin: streams.get('stdin'),
    stdout: stdout ?? discard(),
    stderr: stderr ?? discard(),
  });
  streams.get('stdin')?.resume(); // unread input must not hold the transport paused
  await Promise.all([stdout, stderr].map(end));
  error.end(JSON.stringify(status));
  await finished(error, { readable: false }).catch(() => undefined);
  session.close();
}

async function end(stream: SpdyStream | undefined): Promise<void> {
  if (!stream || stream.destroyed) return;
  stream.end();
  await finished(stream, { readable: false }).catch(() => undefined);
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _enc, cb) => cb() });
}
