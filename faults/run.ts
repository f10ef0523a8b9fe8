/** `npm run faults`: runs every scenario at full size, prints one row each, writes reports/faults.json. */
import { mkdir, writeFile } from 'node:fs/promises';
import { errorText } from '../shared/errors.ts';
import { FULL, runScenario, skipReason, type FaultRow } from './matrix.ts';
import { scenarios } from './scenarios.ts';

const MiB = 1024 * 1024;

function line(r: FaultRow): string {
  const failed = r.failed.map((f) => `${f.count}× ${f.reason}`).join('; ') || '-';
  const rec = r.recoverMs === null ? '-' : `${r.recoverMs} ms`;
  return [
    r.scenario.padEnd(48),
    String(r.connections).padStart(5),
    `${(r.bytesSent / MiB).toFixed(1)} MiB`.padStart(12),
    `${(r.bytesVerified / MiB).toFixed(1)} MiB`.padStart(12),
    String(r.lostSilently).padStart(5),
    rec.padStart(9),
    `  ${failed}`,
  ].join(' ');
}

async function main(): Promise<number> {
  const only = process.argv[2];
  const rows: FaultRow[] = [];
  console.log(
    `${'scenario'.padEnd(48)} ${'conns'.padStart(5)} ${'sent'.padStart(12)} ${'verified'.padStart(12)} ${'lost'.padStart(5)} ${'recover'.padStart(9)}   failed (reasons)`,
  );
  for (const s of scenarios.filter((x) => !only || x.name.includes(only))) {
    const why = skipReason(s);
    if (why) {
      console.log(`${s.name.padEnd(48)} skipped: ${why}`);
      continue;
    }
    const row = await runScenario(s, FULL);
    rows.push(row);
    console.log(line(row));
  }
  await mkdir('reports', { recursive: true });
  await writeFile('reports/faults.json', `${JSON.stringify({ rows }, null, 2)}\n`);
  const lost = rows.reduce((n, r) => n + r.lostSilently, 0);
  console.log(
    `\n${rows.length} scenarios, ${lost} connections lost silently → reports/faults.json`,
  );
  return lost === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`faults: ${errorText(err)}`);
    process.exit(1);
  },
);
