import { describe, expect, it } from 'vitest';
import { HISTORY_MS, pushSample, type RateSample } from './rate-history.ts';

const s = (t: number, down = 0): RateSample => ({ t, up: 0, down });

describe('pushSample', () => {
  it('keeps about one sample a second: a closer one replaces the last, keeping its time', () => {
    let h = pushSample(undefined, s(0, 1));
    h = pushSample(h, s(300, 2));
    h = pushSample(h, s(1200, 3));
    expect(h).toEqual([s(0, 2), s(1200, 3)]);
  });
  it('drops samples older than the window, and never grows past it', () => {
    let h: RateSample[] = [];
    for (let t = 0; t <= 2 * HISTORY_MS; t += 1000) h = pushSample(h, s(t));
    expect(h[0]?.t).toBe(HISTORY_MS);
    expect(h.length).toBe(HISTORY_MS / 1000 + 1);
  });
});
