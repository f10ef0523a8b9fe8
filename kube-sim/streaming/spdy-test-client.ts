/**
 * A minimal client side of SPDY/3 for tests: opens streams like client-go does (SYN_STREAM with
 * headers), collects what the server sends, and exposes PING/GOAWAY/RST. Not used in production.
 */
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { FrameParser } from '../../electron/engine/forward/spdy/frame-parser.ts';
import {
  FrameWriter,
  RST_CANCEL,
  type SpdyFrame,
} from '../../electron/engine/forward/spdy/frames.ts';
import type { SpdyHeaders } from '../../electron/engine/forward/spdy/headers.ts';

/** Client view of one stream. */
export class ClientStream {
  readonly chunks: Buffer[] = [];
  replied = false;
  fin = false;
  reset = false;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly client: SpdyTestClient,
    readonly id: number,
  ) {}

  /** Everything received so far. */
  get data(): Buffer {
    return Buffer.concat(this.chunks);
  }

  write(data: Buffer | string, fin = false): void {
    this.client.send(this.client.writer.data(this.id, Buffer.from(data), fin));
  }

  end(data: Buffer | string = ''): void {
    this.write(data, true);
  }

  rst(status = RST_CANCEL): void {
    this.client.send(this.client.writer.rstStream(this.id, status));
  }

  /** Resolves once `cond` holds (checked after every frame for this stream). */
  until(cond: (s: ClientStream) => boolean): Promise<void> {
    if (cond(this)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (cond(this)) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** Drives a SPDY/3 session from the client side over `transport`. */
export class SpdyTestClient {
  readonly writer = new FrameWriter();
  private readonly parser = new FrameParser();
  private readonly streams = new Map<number, ClientStream>();
  private nextId = 1;
  readonly pings: number[] = [];
  goAway?: { lastGoodStreamId: number; status: number };
  closed: Promise<void>;

  constructor(readonly transport: Duplex) {
    transport.on('data', (chunk: Buffer) =>
      this.parser.push(chunk).forEach((f) => this.onFrame(f)),
    );
    transport.on('error', () => undefined);
    transport.resume();
    this.closed = once(transport, 'close').then(() => undefined);
  }

  send(frame: Buffer): boolean {
    return this.transport.write(frame);
  }

  open(headers: SpdyHeaders, fin = false): ClientStream {
    const id = this.nextId;
    this.nextId += 2;
    const stream = new ClientStream(this, id);
    this.streams.set(id, stream);
    this.send(this.writer.synStream(id, headers, fin));
    return stream;
  }

  /** Sends PING `id` and resolves when the server echoed it. */
  async ping(id: number): Promise<void> {
    this.send(this.writer.ping(id));
    while (!this.pings.includes(id)) await once(this.transport, 'data');
  }

  private onFrame(frame: SpdyFrame): void {
    if (frame.type === 'ping') return void this.pings.push(frame.id);
    if (frame.type === 'goaway') return void (this.goAway = frame);
    if (!('streamId' in frame)) return;
    const stream = this.streams.get(frame.streamId);
    if (!stream) return;
    if (frame.type === 'syn_reply') stream.replied = true;
    if (frame.type === 'rst_stream') stream.reset = true;
    if (frame.type === 'data') {
      if (frame.data.length > 0) stream.chunks.push(Buffer.from(frame.data));
      if (frame.fin) stream.fin = true;
    }
    stream.notify();
  }
}
