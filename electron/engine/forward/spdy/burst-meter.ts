/**
 * How many sessions a burst of connections wanted, for the pool's growth (session-pool.ts).
 *
 * A burst begins with a connection that arrives while no other is in flight, or after none
 * arrived for `windowMs`. It wanted sessions only if one of its connections found none idle (a
 * miss), and then as many as the most of its connections that arrived within one window, but no
 * more than twice the most it had in flight at once.
 * - Counted from the burst's start, not from the pool's last growth: the pool may grow while the
 *   burst is still arriving, and must see the whole burst later.
 * - Arrivals, not only connections in flight: a burst that outran the pool reused sessions
 *   released mid-burst, so its in-flight peak understates the next burst like it.
 * - Per window and capped by the in-flight peak: steady traffic (a connection every few ms, a few
 *   at a time) is not a burst of everything that arrived.
 */
export class BurstMeter {
  private times: number[] = [];
  private head = 0;
  private misses = 0;
  private peakArrivals = 0;
  private peakInFlight = 0;

  constructor(
    private readonly now: () => number,
    private readonly windowMs: number,
  ) {}

  /** A connection arrived with `inFlight` others carried; `miss` when it found no idle session. */
  arrive(miss: boolean, inFlight: number): void {
    const t = this.now();
    while (this.head < this.times.length && t - (this.times[this.head] as number) > this.windowMs)
      this.head++;
    if (inFlight === 0 || this.head === this.times.length) this.startBurst();
    else if (this.head > 1024) this.compact();
    this.times.push(t);
    if (miss) this.misses++;
    this.peakArrivals = Math.max(this.peakArrivals, this.times.length - this.head);
    this.peakInFlight = Math.max(this.peakInFlight, inFlight + 1);
  }

  /** The cluster refused a session: this burst's misses ask for no spares. */
  forgetMisses(): void {
    this.misses = 0;
  }

  /** Sessions the current burst wanted (see the top); 0 if it never ran short. */
  get wanted(): number {
    return this.misses > 0 ? Math.min(this.peakArrivals, 2 * this.peakInFlight) : 0;
  }

  private startBurst(): void {
    this.times = [];
    this.head = 0;
    this.misses = 0;
    this.peakArrivals = 0;
    this.peakInFlight = 0;
  }

  private compact(): void {
    this.times = this.times.slice(this.head);
    this.head = 0;
  }
}
