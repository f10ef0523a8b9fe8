/**
 * The wire protocol between the netns runtime and a sandbox process, over a unix socket.
 * Every connection starts with one JSON line (a Header); the sandbox answers one JSON line
 * (`{"ok":true}` or `{"ok":false,"error":…}`). After that:
 * - `control`: newline-delimited JSON requests `{id, op, …}`, responses `{id, ok, result|error}`
 *   and events `{ev, …}`; the sandbox exits when this connection closes (its owner died).
 * - `dial`: the raw bytes of a TCP connection the sandbox opened to the pod's localhost:port.
 * - `exec`: frames `[channel u8][length u32be][payload]` (see ExecChannel).
 */
import type { Socket } from 'node:net';

/** Capability names without the CAP_ prefix, or 'all' for a privileged container. */
export type CapSet = string[] | 'all';

/** How a process-backed container or exec'd command runs. */
export interface ProcessSpec {
  argv: string[];
  env: Record<string, string>;
  caps: CapSet;
  /** Built-in commands of kube-sim/exec may serve argv[0] if no binary of that name is on PATH. */
  builtins?: boolean;
}

export type Header =
  | { op: 'control' }
  | { op: 'dial'; port: number }
  | ({
      op: 'exec';
      pod: string;
      namespace: string;
      container: string;
      stdin: boolean;
    } & ProcessSpec);

export type ControlRequest =
  | {
      op: 'startApp';
      container: string;
      kind: string;
      host: string;
      port: number;
      pod: string;
      namespace: string;
    }
  | ({ op: 'startProcess'; container: string } & ProcessSpec)
  | { op: 'dns'; host: string; port: number; table: Record<string, string[]> }
  | { op: 'shutdown'; graceMs: number }
  | { op: 'ping' };

/** Events the sandbox pushes on the control connection. */
export type ControlEvent =
  | { ev: 'state'; container: string; state: import('../runtime/types.ts').ContainerState }
  | { ev: 'log'; container: string; data: string };

/** Exec frame channels: 0 stdin, 1 stdout, 2 stderr, 3 exit ({"code":n} JSON), 4 stdin closed. */
export const ExecChannel = { Stdin: 0, Stdout: 1, Stderr: 2, Exit: 3, StdinEnd: 4 } as const;
export type ExecChannel = (typeof ExecChannel)[keyof typeof ExecChannel];

/** Encodes one exec frame. */
export function frame(channel: ExecChannel, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const head = Buffer.alloc(5);
  head.writeUInt8(channel, 0);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Incremental decoder of exec frames; feed it every chunk. Joins chunks only once a frame is complete. */
export function frameReader(
  onFrame: (channel: number, payload: Buffer) => void,
): (chunk: Buffer) => void {
  let chunks: Buffer[] = [];
  let total = 0;
  let need = 5; // bytes needed before the next step can run
  return (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
    while (total >= need) {
      const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
      const len = buf.readUInt32BE(1);
      if (buf.length < 5 + len) {
        chunks = [buf];
        need = 5 + len;
        return;
      }
      onFrame(buf.readUInt8(0), buf.subarray(5, 5 + len));
      const rest = buf.subarray(5 + len);
      chunks = rest.length ? [rest] : [];
      total = rest.length;
      need = 5;
    }
  };
}

/**
 * Reads the first line of `sock` as JSON, leaving any bytes after it unshifted back into the
 * stream, so the caller can pipe the rest raw.
 */
export function readHeaderLine<T>(sock: Socket, maxBytes = 1 << 20): Promise<T> {
  return new Promise((resolve, reject) => {
    let buf: Buffer = Buffer.alloc(0);
    const fail = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onEnd = (): void => fail(new Error('connection closed before its header line'));
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const nl = buf.indexOf(10);
      if (nl < 0) {
        if (buf.length > maxBytes) fail(new Error('header line too long'));
        return;
      }
      cleanup();
      const rest = buf.subarray(nl + 1);
      if (rest.length) sock.unshift(rest);
      try {
        resolve(JSON.parse(buf.subarray(0, nl).toString('utf8')) as T);
      } catch (err) {
        reject(err as Error);
      }
    };
    const cleanup = (): void => {
      sock.off('data', onData);
      sock.off('end', onEnd);
      sock.off('error', fail);
      sock.pause();
    };
    sock.on('data', onData);
    sock.on('end', onEnd);
    sock.on('error', fail);
    sock.resume();
  });
}

/** Writes one JSON line. */
export function writeLine(sock: Socket, value: unknown): boolean {
  return sock.write(JSON.stringify(value) + '\n');
}
