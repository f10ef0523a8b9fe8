/**
 * Time limits on every call to the cluster. A server that accepts TCP and never answers (a laptop
 * that slept, a VPN that dropped) would otherwise leave connections "connecting" for the
 * kernel's TCP timeout; a credential plugin that hangs would stall every rule of its context.
 * Each limit is named in its error so the user knows what gave up and after how long.
 */
import { PortsideError } from '../../../shared/errors.ts';

/** One API request (get, list); a healthy API server answers in milliseconds. */
export const API_TIMEOUT_MS = 10_000;
/** An exec credential plugin (aws, gcloud, kubelogin…): these may open a browser, so be generous. */
export const CREDENTIALS_TIMEOUT_MS = 30_000;

/** `10 s`, `1.5 s`, `500 ms`. */
export function limitText(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Rejects with `onTimeout()` when `work` has not settled within `ms`; the timer never leaks. */
export async function withTimeLimit<T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => PortsideError,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** True for the errors fetch and AbortSignal.timeout raise when a request was cut. */
export function isAbortError(err: unknown): boolean {
  const e = err as { name?: unknown; type?: unknown } | null;
  return e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.type === 'aborted';
}

/** The error for an API request cut by its limit. */
export function apiTimeoutError(what: string, ms = API_TIMEOUT_MS): PortsideError {
  return new PortsideError(
    'Network',
    `the cluster API did not answer within ${limitText(ms)} (${what}); it may be unreachable or frozen`,
  );
}

/** The error for a credential plugin cut by its limit. */
export function credentialsTimeoutError(ms = CREDENTIALS_TIMEOUT_MS): PortsideError {
  return new PortsideError(
    'Unauthorized',
    `getting credentials took longer than ${limitText(ms)} (the kubeconfig's exec plugin did not finish)`,
  );
}
