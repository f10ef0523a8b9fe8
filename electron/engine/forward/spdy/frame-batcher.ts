/**
 * Coalesces the small frames one tick produces (a stream's SYN_STREAM pair, a FIN followed by a
 * RST, a burst of small writes) into one WebSocket message: one TLS record and one write syscall
 * instead of one per frame, which was the largest share of a new connection's CPU (--cpu-prof).
 * Flushed on the next tick, so it adds no waiting; bounded by what one tick writes.
 */
export class FrameBatcher {
  private frames: Buffer[] = [];
  private bytes = 0;
  private waiting: Array<() => void> = [];
  private scheduled = false;

  constructor(private readonly write: (message: Buffer, done?: () => void) => void) {}

  /** Bytes queued and not yet handed to the WebSocket. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** Queues `frame`; `done` runs once the message carrying it was written. */
  add(frame: Buffer, done?: () => void): void {
    this.frames.push(frame);
    this.bytes += frame.length;
    if (done) this.waiting.push(done);
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(() => this.flush());
  }

  /** Hands everything queued to the WebSocket now (before a large frame, GOAWAY or close). */
  flush(): void {
    this.scheduled = false;
    if (this.frames.length === 0) return;
    const message = this.frames.length === 1 ? this.frames[0]! : Buffer.concat(this.frames);
    const waiting = this.waiting;
    this.frames = [];
    this.bytes = 0;
    this.waiting = [];
    this.write(message, waiting.length ? () => waiting.forEach((w) => w()) : undefined);
  }

  /** The session is gone: nothing is written, and nobody is left waiting. */
  drop(): void {
    const waiting = this.waiting;
    this.frames = [];
    this.bytes = 0;
    this.waiting = [];
    for (const w of waiting) w();
  }
}
