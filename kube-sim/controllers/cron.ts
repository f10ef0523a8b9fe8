/** A five-field cron schedule (minute hour day-of-month month day-of-week) and its next fire time. */

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];

function parseField(text: string, [lo, hi]: [number, number]): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let [a, b] = [lo, hi];
    if (range !== '*' && range !== '?') {
      const [x, y] = range!.split('-');
      a = Number(x);
      b = y !== undefined ? Number(y) : stepText ? hi : a;
    }
    if (![a, b, step].every(Number.isInteger) || a < lo || b > hi || step < 1)
      throw new Error(`invalid cron field "${text}"`);
    for (let v = a; v <= b; v += step) out.add(v === 7 && hi === 6 ? 0 : v);
  }
  return out;
}

export interface CronSchedule {
  /** The first fire time strictly after `afterMs` (UTC), within the next 5 years. */
  next(afterMs: number): number | undefined;
}

/** Parses a schedule such as `*\/5 * * * *` or `@hourly`; throws on malformed input. */
export function parseCron(expr: string): CronSchedule {
  const fields = (MACROS[expr.trim()] ?? expr).trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`invalid cron schedule "${expr}": expected 5 fields`);
  const [min, hour, dom, mon, dow] = fields.map((f, i) =>
    parseField(f, RANGES[i]!),
  ) as Set<number>[];
  const domAny = fields[2] === '*' || fields[2] === '?';
  const dowAny = fields[4] === '*' || fields[4] === '?';
  const dayOk = (d: Date) => {
    const a = dom!.has(d.getUTCDate());
    const b = dow!.has(d.getUTCDay());
    if (domAny || dowAny) return (domAny || a) && (dowAny || b);
    return a || b;
  };
  return {
    next(afterMs) {
      const t = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
      const limit = afterMs + 5 * 366 * 24 * 3600_000;
      while (t.getTime() < limit) {
        if (!mon!.has(t.getUTCMonth() + 1) || !dayOk(t)) {
          t.setUTCHours(0, 0, 0, 0);
          t.setUTCDate(t.getUTCDate() + 1);
        } else if (!hour!.has(t.getUTCHours())) {
          t.setUTCMinutes(0, 0, 0);
          t.setUTCHours(t.getUTCHours() + 1);
        } else if (!min!.has(t.getUTCMinutes())) t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
        else return t.getTime();
      }
      return undefined;
    },
  };
}
