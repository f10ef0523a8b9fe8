/**
 * Writes lines to stdout/stderr without ever letting a closed reader take the process down.
 * `portside port-forward … | head -1`: once `head` exits, the next write fails with EPIPE. Node
 * ignores SIGPIPE and reports it as an 'error' event, which crashes the process when nobody
 * listens — and every forward dies with it. Here the stream is marked gone instead, later lines
 * are dropped, and forwarding goes on.
 */
import type { Writable } from 'node:stream';

export interface LineWriter {
  write(line: string): void;
  /** False once the reader went away (EPIPE or any other write error). */
  readonly open: boolean;
}

/** `onGone` runs once, when the stream first fails; `format` makes each line safe to print. */
export function createLineWriter(
  stream: Writable,
  onGone: (err: NodeJS.ErrnoException) => void = () => undefined,
  format: (line: string) => string = (l) => l,
): LineWriter {
  let open = true;
  const gone = (err: NodeJS.ErrnoException): void => {
    if (!open) return;
    open = false;
    onGone(err);
  };
  stream.on('error', gone);
  return {
    write(line) {
      if (!open || stream.destroyed || !stream.writable) return;
      try {
        stream.write(`${format(line)}\n`);
      } catch (err) {
        gone(err as NodeJS.ErrnoException);
      }
    },
    get open() {
      return open;
    },
  };
}
