/**
 * `npm run audit:runtime`: `npm audit` of the runtime dependencies only (what ships), summarised
 * in one line per severity. Fails only on high or critical advisories. When the registry's audit
 * endpoint cannot be reached, it says so and does not fail: no figure is better than a false one.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'];

/** Reads `npm audit --json` output into counts, or the reason there are none. */
export function summarize(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'npm audit printed no JSON' };
  }
  const v = json?.metadata?.vulnerabilities;
  if (!v) {
    const why = json?.message ?? json?.error?.summary ?? 'no vulnerability metadata';
    return { ok: false, reason: String(why).split('\n')[0].slice(0, 200) };
  }
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, Number(v[s] ?? 0)]));
  const deps = Number(
    json?.metadata?.dependencies?.prod ?? json?.metadata?.dependencies?.total ?? 0,
  );
  return { ok: true, counts, dependencies: deps };
}

/** Exit code for a summary: 1 only when runtime deps have high or critical advisories. */
export function exitCode(summary) {
  if (!summary.ok) return 0;
  return summary.counts.high + summary.counts.critical > 0 ? 1 : 0;
}

function main() {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const summary = summarize(r.stdout ?? '');
  if (!summary.ok) {
    console.log(`audit (runtime deps): unavailable — ${summary.reason}`);
    return 0;
  }
  const line = SEVERITIES.map((s) => `${summary.counts[s]} ${s}`).join(', ');
  console.log(`audit (runtime deps, ${summary.dependencies} packages): ${line}`);
  return exitCode(summary);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main();
}
