/** Reading request bodies and writing JSON / Status responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { StatusError, statusErrors } from '../store/status-error.ts';
import { errorText } from '../../shared/errors.ts';

const MAX_BODY = 16 * 1024 * 1024;

/** Writes `body` as JSON with `code`. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': data.length,
    'Cache-Control': 'no-cache, private',
  });
  res.end(data);
}

/** Writes a `kind: Status` failure for any thrown value (non-Status errors become 500s). */
export function sendError(res: ServerResponse, err: unknown): void {
  const se = err instanceof StatusError ? err : statusErrors.internal(errorText(err));
  sendJson(res, se.code, se.toStatus());
}

/** `kind: Status` success, as returned by some DELETEs. */
export function successStatus(details: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

/** Reads the whole body (bounded). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new StatusError(413, 'RequestEntityTooLarge', 'request entity too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON (or YAML) request body; malformed input is a 400. */
export function parseBody(buf: Buffer, contentType: string | undefined): unknown {
  const text = buf.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    if ((contentType ?? '').includes('yaml')) return parseYaml(text);
    return JSON.parse(text);
  } catch (err) {
    throw statusErrors.badRequest(
      `the body of the request could not be decoded: ${(err as Error).message}`,
    );
  }
}
