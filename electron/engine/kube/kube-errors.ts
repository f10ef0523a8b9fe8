/** Maps client-node failures (ApiException, fetch errors) to PortsideErrors a user can act on. */
import { ApiException } from '@kubernetes/client-node';
import { PortsideError, errorText } from '../../../shared/errors.ts';
import { apiTimeoutError, isAbortError } from './time-limits.ts';
import { tlsProblem } from './tls-errors.ts';

function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  const msg = (parsed as { message?: unknown } | null)?.message;
  return typeof msg === 'string' ? msg : undefined;
}

// Socket errors in words; fetch wraps them as "request to URL failed, reason: connect …".
const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ENOTFOUND: 'the server name does not resolve',
  EAI_AGAIN: 'the server name could not be resolved right now',
};

function unreachableText(err: unknown): string | undefined {
  const e = err as { code?: unknown; errno?: unknown; message?: unknown } | null;
  const code = [e?.code, e?.errno].find(
    (c): c is string => typeof c === 'string' && c in SOCKET_ERRORS,
  );
  if (!code) return undefined;
  const url =
    typeof e?.message === 'string' ? /https?:\/\/([^/\s]+)/.exec(e.message)?.[1] : undefined;
  return `${SOCKET_ERRORS[code]}${url ? ` (${url})` : ''}`;
}

/** `what` is e.g. `deployment "x"`; the namespace completes "not found" messages. */
export function toKubeError(err: unknown, what: string, namespace: string): PortsideError {
  if (err instanceof PortsideError) return err;
  if (err instanceof ApiException) {
    const detail = statusMessage(err.body);
    switch (err.code) {
      case 404:
        return new PortsideError('TargetNotFound', `${what} not found in namespace "${namespace}"`);
      case 401:
        return new PortsideError(
          'Unauthorized',
          `the cluster rejected our credentials (401)${detail ? `: ${detail}` : ''}`,
        );
      case 403:
        return new PortsideError(
          'Forbidden',
          detail ?? `not allowed to read ${what} in namespace "${namespace}"`,
        );
      default:
        return new PortsideError(
          'Network',
          `reading ${what} in "${namespace}" failed (HTTP ${err.code})${detail ? `: ${detail}` : ''}`,
        );
    }
  }
  if (isAbortError(err)) return apiTimeoutError(`reading ${what} in "${namespace}"`);
  const tls = tlsProblem(err);
  if (tls) return new PortsideError('Network', `TLS failure talking to the cluster API: ${tls}`);
  const unreachable = unreachableText(err);
  if (unreachable)
    return new PortsideError('Network', `cannot reach the cluster API: ${unreachable}`);
  const msg = errorText(err);
  return new PortsideError('Network', `cannot reach the cluster API: ${msg}`);
}
