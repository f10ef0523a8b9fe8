/**
 * The time limit of a port-forward upgrade (TCP + TLS + the API server's answer). Without it a
 * silent API server would leave connections "connecting" until the kernel gives up (minutes).
 */

/** The words a user sees when the upgrade missed its deadline. */
export const handshakeTimeoutText = (ms: number): string =>
  `the cluster API did not answer the port-forward upgrade within ${formatSeconds(ms)}`;

const formatSeconds = (ms: number): string =>
  ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;

/** Calls `onTimeout(text)` after `ms` unless the returned stop function ran first. */
export function handshakeDeadline(ms: number, onTimeout: (text: string) => void): () => void {
  const timer = setTimeout(() => onTimeout(handshakeTimeoutText(ms)), ms);
  // The socket being opened keeps the process alive; the timer alone must not.
  timer.unref();
  return () => clearTimeout(timer);
}
