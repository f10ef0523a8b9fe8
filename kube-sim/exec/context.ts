/** What a built-in command may use; everything is passed in so the netns sandbox can reuse them. */
import type { Duplex, Readable, Writable } from 'node:stream';

export interface BuiltinContext {
  pod: string;
  namespace: string;
  container: string;
  /** The container's environment as `env` prints it. */
  env: Record<string, string>;
  /** Name → addresses (the sim's cluster DNS in loopback mode); defaults to the system resolver. */
  resolve?: (name: string) => Promise<string[]>;
  /** Opens a TCP connection as the pod would (loopback mode maps pod IPs); defaults to net.connect. */
  connect?: (host: string, port: number) => Promise<Duplex>;
}

export interface BuiltinIO {
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** A built-in command: resolves with its exit code, never rejects. */
export type Builtin = (argv: string[], ctx: BuiltinContext, io: BuiltinIO) => Promise<number>;

/** Writes text honouring backpressure; resolves false if the stream went away. */
export function print(out: Writable, text: string | Buffer): Promise<boolean> {
  if (out.destroyed || out.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    if (out.write(text)) return resolve(true);
    const done = (ok: boolean) => () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}
