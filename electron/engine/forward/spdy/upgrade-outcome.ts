/**
 * How an upgrade that did not open ends, in the same words for both transports (raw-transport.ts,
 * ws-transport.ts). The session is told first (`fail`), so its live streams end with the words.
 */
import type { IncomingMessage } from 'node:http';
import { displayName } from '../../../../shared/display-text.ts';
import { errorText } from '../../../../shared/errors.ts';
import { readRefusal } from '../upgrade-refusal.ts';
import type { TunnelOpen } from './transport.ts';

/** A non-101 answer: the server's words and status. */
export async function refusalOutcome(
  res: IncomingMessage,
  fail: (reason: string) => void,
): Promise<TunnelOpen> {
  const error = await readRefusal(res);
  fail(error.message);
  return { ok: false, status: res.statusCode ?? 0, error };
}

/** The TCP or TLS connection to the API server failed before it answered. */
export const connectionFailedText = (err: unknown): string =>
  `the connection to the API server failed: ${errorText(err)}`;

/** A 101 that names another protocol; the server's header value quoted one-line and bounded. */
export const wrongProtocolText = (header: string, got: unknown, upgrade: string): string =>
  `the API server answered ${header} "${displayName(String(got ?? ''))}" to the ${upgrade}`;
