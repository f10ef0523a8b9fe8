/** Reads one newline-terminated line from a stream, bounded, leaving the stream paused. */
import type { Duplex } from 'node:stream';

export interface Line {
  line: string;
  /** Bytes that arrived after the newline (the peer's next protocol, already sent). */
  rest: Buffer;
}

/** Resolves with the first line; rejects when it is longer than `max`, or the stream ends/fails first. */
export function readLine(stream: Duplex, max: number, timeoutMs: number): Promise<Line> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const done = (err: Error | undefined, value?: Line): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
      stream.pause();
      if (err) reject(err);
      else resolve(value!);
    };
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const nl = buf.indexOf(10);
      if (nl >= 0 && nl < max)
        return done(undefined, {
          line: buf.subarray(0, nl).toString('utf8'),
          rest: buf.subarray(nl + 1),
        });
      if (buf.length >= max) done(new Error(`handshake longer than ${max} bytes`));
    };
    const onEnd = (): void => done(new Error('closed before the handshake'));
    const onError = (err: Error): void => done(err);
    const timer = setTimeout(() => done(new Error('no handshake in time')), timeoutMs);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
}
