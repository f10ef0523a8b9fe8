/**
 * Delivers one remote connection (an HTTP/2 stream the agent opened) to 127.0.0.1:local_port and
 * records it: remote peer, pod, exact bytes both ways (up = towards the cluster), close reason.
 * Nothing listening locally → the agent is told (502), resets the remote client, and the record
 * says why. Lifetimes: pipeStreams owns both ends once connected.
 */
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { connect, type Socket } from 'node:net';
import { errorText } from '../../../shared/errors.ts';
import { pipeStreams } from '../../../agent/src/pipe.ts';
import { H_PEER } from '../../../agent/src/protocol.ts';
import type { ConnectionHandle } from '../forward/connection-table.ts';

export interface Delivery {
  localPort: number;
  pod: string;
  /** Creates the connection record for a remote peer. */
  record(peer: string): ConnectionHandle;
  /** Told when a delivery failed because nothing listens locally (undefined = it worked). */
  outcome(problem: string | undefined): void;
}

export function deliver(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  d: Delivery,
): void {
  const handle = d.record(String(headers[H_PEER] ?? '?'));
  handle.set({ route: 'agent', pod: d.pod, remote: `127.0.0.1:${d.localPort}` });
  const counts = { bytesUp: 0, bytesDown: 0 };
  stream.on('error', () => undefined);
  const socket: Socket = connect({ host: '127.0.0.1', port: d.localPort, allowHalfOpen: true });
  // A stream has no session once closed: kept to tell "the agent went away" from a local failure.
  const session = stream.session;
  let connected = false;
  const agentGone = `the agent in pod ${d.pod} went away mid-connection (its session to Portside ended)`;
  const sessionEnded = (): boolean => Boolean(session?.destroyed || session?.closed);
  socket.once('error', (err: NodeJS.ErrnoException) => {
    if (handle.done) return;
    if (connected) {
      const gone = sessionEnded() || stream.destroyed;
      return handle.finish(
        'failed',
        gone ? agentGone : `the local connection failed: ${errorText(err)}`,
      );
    }
    const refused = err.code === 'ECONNREFUSED';
    const why = refused
      ? `nothing listens on 127.0.0.1:${d.localPort}: the remote client got a reset`
      : `local delivery failed: ${errorText(err)}`;
    if (refused) d.outcome(why);
    if (!stream.destroyed && !stream.headersSent)
      stream.respond({ ':status': 502, 'portside-reason': why }, { endStream: true });
    handle.finish('failed', why);
  });
  socket.once('connect', () => {
    connected = true;
    d.outcome(undefined);
    if (stream.destroyed) {
      // The remote client or the agent gave up while we dialled.
      socket.destroy();
      return handle.finish('closed', 'the remote client left before delivery');
    }
    stream.respond({ ':status': 200 });
    handle.countFrom(counts);
    handle.set({ state: 'open' });
    socket.on('data', (c: Buffer) => ((counts.bytesUp += c.length), handle.touch()));
    stream.on('data', (c: Buffer) => ((counts.bytesDown += c.length), handle.touch()));
    stream.once('end', () => !handle.done && handle.set({ state: 'half-closed' }));
    socket.once('end', () => !handle.done && handle.set({ state: 'half-closed' }));
    pipeStreams(stream, socket);
    socket.once('close', (hadError) => {
      if (!handle.done)
        handle.finish(
          hadError ? 'failed' : 'closed',
          hadError ? 'local connection reset' : undefined,
        );
    });
    stream.once('close', () => {
      if (!handle.done && stream.rstCode)
        handle.finish(
          'failed',
          sessionEnded() ? agentGone : 'the remote client or the agent reset the connection',
        );
    });
  });
}
