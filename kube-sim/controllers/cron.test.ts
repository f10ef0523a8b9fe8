import { describe, expect, it } from 'vitest';
import { parseCron } from './cron.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('parseCron', () => {
  it.each([
    ['*/5 * * * *', '2025-01-01T10:03:20Z', '2025-01-01T10:05:00.000Z'],
    ['0 * * * *', '2025-01-01T10:00:00Z', '2025-01-01T11:00:00.000Z'],
    ['30 2 * * 1-5', '2025-01-03T03:00:00Z', '2025-01-06T02:30:00.000Z'],
    ['@daily', '2025-01-01T00:00:00Z', '2025-01-02T00:00:00.000Z'],
    ['0 0 1 1 *', '2025-06-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['15,45 9 * * *', '2025-01-01T09:20:00Z', '2025-01-01T09:45:00.000Z'],
  ])('%s after %s → %s', (expr, after, want) => {
    expect(iso(parseCron(expr).next(at(after)))).toBe(want);
  });

  it('rejects malformed schedules', () => {
    expect(() => parseCron('* * *')).toThrow(/5 fields/);
    expect(() => parseCron('61 * * * *')).toThrow(/invalid cron field/);
  });
});
