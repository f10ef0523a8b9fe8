/** The printed table and the JSON report: absolute numbers per forwarder, and Portside/kubectl ratios. */
import type { CheckResult } from './checks.ts';
import type { Leg } from './forwarders.ts';
import type { LegResult, ScenarioResult } from './runner.ts';
import { summarize } from './stats.ts';

export interface Ratio {
  /** Portside median / kubectl median, in the scenario's unit. */
  ratio: number;
  /** Whether that ratio favours Portside, given which direction is better. */
  portsideBetter: boolean;
}

/** Ratios of the reference leg (Portside) against every other leg, where both have valid samples. */
export function ratios(result: ScenarioResult, reference: string): Record<string, Ratio | null> {
  const ref = result.legs[reference]?.summary;
  const out: Record<string, Ratio | null> = {};
  for (const [id, leg] of Object.entries(result.legs)) {
    if (id === reference) continue;
    const other = leg.summary;
    if (!ref || !other || other.median === 0) {
      out[id] = null;
      continue;
    }
    const ratio = ref.median / other.median;
    out[id] = { ratio, portsideBetter: result.better === 'higher' ? ratio > 1 : ratio < 1 };
  }
  return out;
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function cell(r: LegResult): string {
  const s = r.summary;
  const bad = r.invalid.length ? ` ${r.invalid.length} invalid` : '';
  if (!s) return `— (all ${r.invalid.length} invalid)`;
  return `${fmt(s.median)} ±${Math.round((s.spread * 100) / 2)}% n=${s.n}${bad}`;
}

function ratioCell(r: Ratio | null | undefined, ref?: LegResult, other?: LegResult): string {
  if (r) return `${r.ratio.toFixed(2)}× ${r.portsideBetter ? 'better' : 'worse'}`;
  // No ratio: say who failed, since "only Portside finished" is a result in itself.
  if (ref?.summary && !other?.summary) return 'only Portside finished';
  if (!ref?.summary && other?.summary) return 'Portside did not finish';
  return 'n/a';
}

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The human table: one row per scenario; ±x% is half the min–max range relative to the median. */
export function renderTable(results: ScenarioResult[], legs: Leg[], reference: string): string {
  const others = legs.filter((l) => l.id !== reference);
  const header = [
    'scenario',
    'unit',
    ...legs.map((l) => l.label),
    ...others.map((l) => `Portside / ${l.label}`),
  ];
  const rows = results.map((res) => {
    const rs = ratios(res, reference);
    return [
      res.id,
      `${res.unit} (${res.better === 'higher' ? '↑' : '↓'})`,
      ...legs.map((l) => cell(res.legs[l.id]!)),
      ...others.map((l) => ratioCell(rs[l.id], res.legs[reference], res.legs[l.id])),
    ];
  });
  const cpuHeader = ['forwarder CPU ms/sample (median)', '', ...legs.map((l) => l.label)];
  const cpuRows = results.map((res) => [
    res.id,
    '',
    ...legs.map((l) => {
      const s = summarize(res.legs[l.id]!.forwarderCpuMs);
      return s ? fmt(s.median) : 'n/a';
    }),
  ]);
  const legend =
    '(median ±half the min–max range, n valid samples; ↑ higher is better, ↓ lower is better; ' +
    'ratio = Portside median / other median)';
  return `${pad([header, ...rows])}\n${legend}\n\n${pad([cpuHeader, ...cpuRows])}`;
}

/** Every invalid sample, so a reader sees why a cell has fewer samples. */
export function renderInvalid(results: ScenarioResult[]): string[] {
  return results.flatMap((res) =>
    Object.values(res.legs).flatMap((l) =>
      l.invalid.map((why) => `${res.id} / ${l.label}: ${why}`),
    ),
  );
}

/** One line per check and leg: `title — label: yes|NO (detail)`. */
export function renderChecks(checks: CheckResult[], legs: Leg[]): string {
  const label = (id?: string): string => legs.find((l) => l.id === id)?.label ?? String(id);
  return checks
    .map((c) => `${c.title} — ${label(c.leg)}: ${c.ok ? 'yes' : 'NO'} (${c.detail})`)
    .join('\n');
}

const GiB = 1024 * 1024 * 1024;
const median = (xs: number[]): number | undefined => summarize(xs)?.median;

/** Forwarder CPU seconds per GiB moved in a bulk scenario (median over samples). */
function cpuPerGiB(res: ScenarioResult | undefined, legId: string): number | undefined {
  const leg = res?.legs[legId];
  if (!leg || leg.forwarderCpuMs.length === 0) return undefined;
  const per = leg.forwarderCpuMs.flatMap((ms, i) => {
    const bytes = leg.details[i]?.bytes;
    return bytes ? [ms / 1000 / (bytes / GiB)] : [];
  });
  return median(per);
}

/** What each forwarding process costs: CPU per GiB, peak RSS over the run, RSS per connection. */
export function renderCost(
  results: ScenarioResult[],
  legs: Leg[],
  startupMs: Map<string, number>,
): string {
  const byId = new Map(results.map((r) => [r.id, r]));
  const show = (v: number | undefined, digits = 1): string =>
    v === undefined ? 'n/a' : v.toFixed(digits);
  const rows = legs.map((l) => {
    const peaks = results.flatMap((r) => r.legs[l.id]?.peakRssKiB ?? []);
    return [
      l.label,
      show(cpuPerGiB(byId.get('download'), l.id), 2),
      show(cpuPerGiB(byId.get('upload'), l.id), 2),
      show(peaks.length ? Math.max(...peaks) / 1024 : undefined),
      show(median(byId.get('rss-per-connection')?.legs[l.id]?.values ?? [])),
      show(startupMs.get(l.id), 0),
    ];
  });
  const header = [
    'forwarding process',
    'CPU-s/GiB down',
    'CPU-s/GiB up',
    'peak RSS MiB',
    'RSS KiB/open conn',
    'listening after ms',
  ];
  return pad([header, ...rows]);
}
