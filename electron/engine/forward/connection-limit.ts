/**
 * Connections per rule are bounded: a client storm (or a loop in a script) must not exhaust the
 * process's file descriptors and take every other rule down with it. Over the limit a new
 * connection is closed at once and recorded as failed with the reason, so it is counted in the
 * rule's `failed` total and shown like any other failure.
 */
import type { Socket } from 'node:net';
import type { ConnectionTable } from './connection-table.ts';

/** Open connections one rule may carry (each holds two sockets: local and to the cluster). */
export const MAX_CONNECTIONS_PER_RULE = 1000;

export function limitReason(max: number): string {
  return `refused: the rule already carries ${max} open connections (its limit)`;
}

/** Records the refused connection and closes it. */
export function refuseConnection(
  table: ConnectionTable,
  ruleId: string,
  peer: string,
  socket: Socket,
  max: number,
): void {
  table.create(ruleId, peer).finish('failed', limitReason(max));
  socket.on('error', () => undefined);
  socket.destroy();
}
