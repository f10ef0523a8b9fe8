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
  const msg = errorText(err);
  return new PortsideError('Network', `cannot reach the cluster API: ${msg}`);
}
