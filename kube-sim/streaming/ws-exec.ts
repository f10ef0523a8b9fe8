/**
 * Exec over WebSocket `v5.channel.k8s.io` and `v4.channel.k8s.io` (docs/kube-wire.md §7):
 * 0 stdin, 1 stdout, 2 stderr, 3 final Status JSON, 4 resize, and in v5 255 = CLOSE
 * (`[255, 0]` ends stdin). After the status the server closes with 1000.
 */
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { WebSocket } from 'ws';
import type { StreamContext } from './context.ts';
import { runForStatus, type ExecOptions } from './exec-common.ts';
import { channelWritable, readChannel, sendChannel } from './ws-channels.ts';

export const EXEC_WS_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** Runs one exec session on an accepted WebSocket. */
export async function serveWsExec(
  ws: WebSocket,
  protocol: string,
  opts: ExecOptions,
  ctx: StreamContext & { container: string },
): Promise<void> {
  const untrack = ctx.track(() => ws.terminate());
  const v5 = protocol === 'v5.channel.k8s.io';
  const stdin = opts.stdin ? new PassThrough() : undefined;
  const stdout = channelWritable(ws, false, 1, opts.stdout);
  const stderr = channelWritable(ws, false, 2, opts.stderr && !opts.tty);
  let done = false;
  ws.on('message', (data, isBinary) => {
    const msg = readChannel(data, isBinary);
    if (!msg || done) return;
    if (msg.channel === 0 && stdin && !stdin.writableEnded && !stdin.write(msg.payload)) {
      ws.pause();
      stdin.once('drain', () => ws.resume());
    } else if (msg.channel === 255 && v5 && msg.payload[0] === 0) {
      stdin?.end();
    }
  });
  ws.on('close', () => {
    untrack();
    stdin?.end();
    // Let long-running commands notice that nobody listens any more.
    stdout.destroy();
    stderr.destroy();
  });
  const status = await runForStatus(ctx, opts.command, { stdin, stdout, stderr });
  // Unread stdin may have paused the socket; the close handshake needs it flowing again.
  done = true;
  ws.resume();
  await Promise.all([flush(stdout), flush(stderr)]);
  sendChannel(ws, false, 3, Buffer.from(JSON.stringify(status)));
  if (ws.readyState === ws.OPEN) ws.close(1000);
}

async function flush(w: Writable): Promise<void> {
  if (w.destroyed) return;
  w.end();
  await finished(w).catch(() => undefined);
}
