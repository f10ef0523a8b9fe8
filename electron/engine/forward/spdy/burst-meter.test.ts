import { describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.ts';
import { BurstMeter } from './burst-meter.ts';

const meter = (windowMs = 500) => {
  const clock = manualClock();
  const m = new BurstMeter(() => clock.now(), windowMs);
  /** `n` connections 1 ms apart, each finding `inFlight` others in flight, none of them missing. */
  const steady = (n: number, inFlight: number): void => {
    for (let i = 0; i < n; i++) {
      clock.advance(1);
      m.arrive(false, inFlight);
    }
  };
  return { clock, m, steady };
};

describe('BurstMeter', () => {
  it('wants nothing for a burst served from idle sessions', () => {
    const { m } = meter();
    for (let i = 0; i < 50; i++) m.arrive(false, i);
    expect(m.wanted).toBe(0);
  });

  it('wants a whole burst that ran short, however its connections overlapped', () => {
    const { m } = meter();
    m.arrive(true, 0);
    m.arrive(true, 1);
    m.arrive(false, 1); // a session released mid-burst, reused
    m.arrive(false, 2);
    expect(m.wanted).toBe(4);
  });

  it('counts sequential connections, each alone in flight, as bursts of one', () => {
    const { m, steady } = meter();
    m.arrive(true, 0);
    steady(500, 0);
    expect(m.wanted).toBe(0); // the one miss belonged to the first burst of one
    m.arrive(true, 0);
    expect(m.wanted).toBe(1);
  });

  it('caps steady overlapping traffic at twice its peak in flight', () => {
    const { m, steady } = meter();
    m.arrive(true, 0);
    steady(300, 2); // always two others in flight: three at once at most
    expect(m.wanted).toBe(6);
  });

  it('starts a new burst after a quiet window, and forgets misses the cluster refused', () => {
    const { clock, m } = meter(500);
    m.arrive(true, 0);
    m.arrive(true, 1);
    expect(m.wanted).toBe(2);
    clock.advance(501);
    m.arrive(false, 1);
    expect(m.wanted).toBe(0);
    m.arrive(true, 2);
    m.forgetMisses();
    expect(m.wanted).toBe(0);
  });
});
