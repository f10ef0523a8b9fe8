/**
 * The raw TCP apps. All keep half-open sockets so a client FIN is a request, not a hang-up:
 * - `echo`: echoes; on the client's FIN finishes echoing, then sends FIN.
 * - `banner`: speaks first (`BANNER <pod>\r\n`), then behaves like echo.
 * - `source`: the client sends one line `N[ SEED]\n`; the app sends N deterministic bytes
 *   (see bytes.ts; SEED defaults to 0) and then FIN. `N` = `inf` streams until the client closes.
 * - `sink`: counts and hashes everything until the client's FIN, then answers
 *   `<bytes> <sha256>\n` and sends FIN.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AppContext } from './context.ts';
import { deterministicBytes, seedOf } from './bytes.ts';
import { drained } from './drain.ts';

function tcpServer(onSocket: (socket: Socket) => void): Server {
  return createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    onSocket(socket);
  });
}

/** `echo`: a half-close-aware echo server. */
export function createEchoApp(_ctx: AppContext): Server {
  return tcpServer((socket) => socket.pipe(socket));
}

/** `banner`: server-speaks-first, then echo. */
export function createBannerApp(ctx: AppContext): Server {
  return tcpServer((socket) => {
    socket.write(`BANNER ${ctx.pod}\r\n`);
    socket.pipe(socket);
  });
}

/** `sink`: replies `<bytes> <sha256>\n` once the client has finished sending. */
export function createSinkApp(_ctx: AppContext): Server {
  return tcpServer((socket) => {
    const hash = createHash('sha256');
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    socket.on('end', () => socket.end(`${bytes} ${hash.digest('hex')}\n`));
  });
}

/** `source`: sends as many deterministic bytes as the first line asks for. */
export function createSourceApp(_ctx: AppContext): Server {
  return tcpServer((socket) => {
    let line = '';
    const onData = (chunk: Buffer): void => {
      line += chunk.toString('latin1');
      const nl = line.indexOf('\n');
      if (nl < 0) {
        if (line.length > 100) socket.destroy();
        return;
      }
      socket.off('data', onData);
      socket.resume(); // anything after the request line is ignored
      const [count = '', seed] = line.slice(0, nl).trim().split(/\s+/);
      void stream(socket, count === 'inf' ? Infinity : Number(count), seedOf(seed));
    };
    socket.on('data', onData);
  });
}

async function stream(socket: Socket, n: number, seed: number): Promise<void> {
  if (!(n >= 0) || (Number.isFinite(n) && !Number.isInteger(n))) {
    socket.end('ERR expected "N[ SEED]\\n"\n');
    return;
  }
  for (;;) {
    // An endless source is a 1 GiB stream repeated; the bytes only need to be cheap and checkable.
    const left = Math.min(n, 1024 ** 3);
    for (const chunk of deterministicBytes(left, seed)) {
      if (socket.destroyed || socket.writableEnded) return;
      if (!socket.write(chunk) && !(await drained(socket))) return;
    }
    if (Number.isFinite(n)) break;
  }
  socket.end();
}
