/** A refused port-forward upgrade (non-101) as a typed error with the API server's own words. */
import type { IncomingMessage } from 'node:http';
import { displayName } from '../../../shared/display-text.ts';
import { PortsideError, type ErrorKind } from '../../../shared/errors.ts';

const KIND: Record<number, ErrorKind> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'TargetNotFound',
};

/** Reads (at most 64 KiB of) the Status body and builds the error. */
export function readRefusal(res: IncomingMessage): Promise<PortsideError> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      const body = Buffer.concat(chunks).toString('utf8');
      let detail = body.trim();
      try {
        const msg = (JSON.parse(body) as { message?: unknown }).message;
        if (typeof msg === 'string') detail = msg;
      } catch {
        // not a Status object: keep the text
      }
      // The server's words, one line and bounded: they reach the UI, the CLI and the logs.
      detail = displayName(detail, 300);
      const code = res.statusCode ?? 0;
      resolve(
        new PortsideError(
          KIND[code] ?? 'Network',
          `the API server refused the port-forward (HTTP ${code})${detail ? `: ${detail}` : ''}`,
        ),
      );
    };
    res.on('data', (c: Buffer) => {
      if (size < 64 * 1024) chunks.push(c);
      size += c.length;
    });
    res.on('end', done);
    res.on('error', done);
  });
}
