/** A raw HTTP/1.1 client over one TCP connection, counting every byte each way (for counter tests). */
import { createHash } from 'node:crypto';
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** bytes this client wrote / read on the wire */
  sent: number;
  received: number;
  /** the server's FIN arrived */
  gotEnd: boolean;
}

function parse(raw: Buffer): Pick<RawResponse, 'status' | 'headers' | 'body'> {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`no HTTP response (got ${raw.length} bytes)`);
  const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.subarray(split + 4) };
}

export interface RawRequestOptions {
  method?: string;
  path?: string;
  /** request body, streamed with backpressure */
  body?: Iterable<Buffer>;
  bodyLength?: number;
  /** half-close after the request (the client's FIN) */
  halfClose?: boolean;
  /** called with the socket once connected (to pause it, …) */
  onSocket?: (s: net.Socket) => void;
}

/** Sends one request with `Connection: close` and reads until the server closes. */
export function rawRequest(port: number, opts: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const parts: Buffer[] = [];
    let sent = 0;
    let received = 0;
    let gotEnd = false;
    const write = async (): Promise<void> => {
      const len = opts.bodyLength ?? 0;
      const head = `${opts.method ?? 'GET'} ${opts.path ?? '/'} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${len ? `Content-Length: ${len}\r\n` : ''}\r\n`;
      sent += Buffer.byteLength(head);
      s.write(head);
      for (const chunk of opts.body ?? []) {
        sent += chunk.length;
        if (!s.write(chunk)) await new Promise((r) => s.once('drain', r));
      }
      if (opts.halfClose) s.end();
    };
    s.on('connect', () => {
      opts.onSocket?.(s);
      write().catch(reject);
    });
    s.on('data', (d: Buffer) => {
      received += d.length;
      parts.push(d);
    });
    s.on('end', () => {
      gotEnd = true;
      s.end();
    });
    s.on('error', reject);
    s.on('close', () => {
      try {
        resolve({ ...parse(Buffer.concat(parts)), sent, received, gotEnd });
      } catch (err) {
        reject(err);
      }
    });
  });
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
