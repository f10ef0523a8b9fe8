import { describe, expect, it } from 'vitest';
import { toChartData } from './rate-chart-data.ts';
import { sparkPoints } from './sparkline.tsx';

describe('toChartData', () => {
  it('rises from zero before the first sample and falls to zero after a silence', () => {
    const data = toChartData(
      [
        { t: 10_000, up: 1, down: 100 },
        { t: 11_000, up: 2, down: 200 },
      ],
      20_000,
    );
    expect(data).toEqual([
      [9, 10, 11, 20],
      [0, 1, 2, 0],
      [0, 100, 200, 0],
    ]);
  });
  it('is empty without samples', () => {
    expect(toChartData([], 5000)).toEqual([[], [], []]);
  });
});

describe('sparkPoints', () => {
  it('scales to the box, largest value at the top, zeros at the bottom', () => {
    expect(sparkPoints([0, 50, 100], 80, 18)).toBe('0.0,17.0 40.0,9.0 80.0,1.0');
    expect(sparkPoints([])).toBe('');
  });
});
