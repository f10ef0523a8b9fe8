/**
 * The runtime's end of an exec connection: stdin from the API server's stream becomes frames,
 * stdout/stderr frames go to the API server's streams (pausing the socket while they are full),
 * and the exit frame becomes the resolved exit code.
 */
import type { Socket } from 'node:net';
import { PortsideError } from '../../../shared/errors.ts';
import { ExecChannel, frame, frameReader } from '../../sandbox/protocol.ts';
import type { ExecIO } from '../types.ts';

/** Relays an exec connection to `io` and resolves with the command's exit code. */
export function relayExec(sock: Socket, io: ExecIO): Promise<number> {
  return new Promise((resolve, reject) => {
    let code: number | undefined;
    const onFrame = frameReader((channel, payload) => {
      const target =
        channel === ExecChannel.Stdout
          ? io.stdout
          : channel === ExecChannel.Stderr
            ? io.stderr
            : undefined;
      if (target && !target.write(payload)) {
        sock.pause();
        target.once('drain', () => sock.resume());
      }
      if (channel === ExecChannel.Exit)
        code = (JSON.parse(payload.toString('utf8')) as { code: number }).code;
    });
    const stdin = io.stdin;
    const onStdin = (chunk: Buffer | string): void => {
      if (!sock.write(frame(ExecChannel.Stdin, chunk))) {
        stdin?.pause();
        sock.once('drain', () => stdin?.resume());
      }
    };
    const onStdinEnd = (): void => void (sock.writable && sock.write(frame(ExecChannel.StdinEnd)));
    stdin?.on('data', onStdin);
    stdin?.on('end', onStdinEnd);
    sock.on('data', onFrame);
    sock.on('error', () => undefined);
    sock.on('end', () => sock.end()); // the sandbox ends after the exit frame
    sock.on('close', () => {
      stdin?.off('data', onStdin);
      stdin?.off('end', onStdinEnd);
      if (code === undefined)
        reject(new PortsideError('Internal', 'exec session ended without an exit code'));
      else resolve(code);
    });
    sock.resume();
  });
}
