/**
 * Security lint (`npm run lint`, after eslint): runs @doyensec/electronegativity over electron/
 * offline (-e pins the Electron version, so it does not fetch the release list) and fails on any
 * HIGH or MEDIUM finding not listed in .electronegativity-accepted.json. Accepted entries that no
 * longer match a finding fail too, so the list never outlives the code it excuses.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CSV = 'reports/electronegativity.csv';
const ELECTRON_VERSION = '41.7.1';
const HEADER = [
  'issue',
  'severity',
  'confidence',
  'filename',
  'location',
  'sample',
  'description',
  'url',
];
const BLOCKING = new Set(['HIGH', 'MEDIUM']);

/** Splits CSV text into rows of fields (RFC 4180 quoting: "a ""b""", commas and newlines inside). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      field += c;
    } else if (c === ',') {
      endField();
    } else {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    }
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

/**
 * The tool's CSV as findings. Electronegativity writes the header and the rows with two
 * unsynchronised async writes, so a damaged file is possible: anything malformed throws rather
 * than passing with findings lost.
 */
export function readFindings(text, root = ROOT) {
  const [header, ...rows] = parseCsv(text).filter((r) => r.some((f) => f.trim() !== ''));
  if (!header || header.map((h) => h.trim()).join() !== HEADER.join()) {
    throw new Error(`${CSV}: unexpected header ${JSON.stringify(header)}; the report is damaged`);
  }
  return rows.map((r, i) => {
    if (r.length !== HEADER.length || !/^[A-Z0-9_]+$/.test(r[0]) || !r[7].includes(r[0])) {
      throw new Error(`${CSV}: row ${i + 2} is malformed (${JSON.stringify(r.slice(0, 3))})`);
    }
    const file = r[3] === 'N/A' ? 'N/A' : relative(root, r[3]);
    return { issue: r[0], severity: r[1], file, location: r[4], sample: r[5], description: r[6] };
  });
}

/** Splits findings into blocking (HIGH/MEDIUM, not accepted), accepted and informational. */
export function evaluate(findings, accepted) {
  const matches = (a, f) => a.issue === f.issue && a.file === f.file;
  const blocking = findings.filter(
    (f) => BLOCKING.has(f.severity) && !accepted.some((a) => matches(a, f)),
  );
  const excused = findings.filter(
    (f) => BLOCKING.has(f.severity) && accepted.some((a) => matches(a, f)),
  );
  const info = findings.filter((f) => !BLOCKING.has(f.severity));
  const stale = accepted.filter((a) => !findings.some((f) => matches(a, f)));
  const unjustified = accepted.filter(
    (a) => typeof a.justification !== 'string' || a.justification.trim().length < 10,
  );
  return { blocking, excused, info, stale, unjustified };
}

const where = (f) => (f.file === 'N/A' ? '(whole app)' : `${f.file}:${f.location}`);

function runTool() {
  mkdirSync(`${ROOT}reports`, { recursive: true });
  rmSync(`${ROOT}${CSV}`, { force: true }); // the tool appends rather than truncates
  const args = ['electronegativity', '-i', 'electron', '-e', ELECTRON_VERSION, '-o', CSV];
  const r = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}\n${r.stderr}\n`);
    throw new Error(`electronegativity exited with ${r.status ?? r.signal}`);
  }
}

/**
 * Runs the tool until its report reads whole: its two unsynchronised writes (see readFindings)
 * sometimes interleave. A damaged report is the tool's race, not a finding, so it is run again;
 * three damaged reports in a row fail the lint with the last reason.
 */
export function findingsWithRetry(run, read, attempts = 3) {
  for (let i = 1; ; i++) {
    run();
    try {
      return read();
    } catch (err) {
      if (i >= attempts) throw err;
      console.warn(`electronegativity: damaged report, running again (${errorText(err)})`);
    }
  }
}

const errorText = (err) => (err instanceof Error ? err.message : String(err));

function main() {
  const findings = findingsWithRetry(runTool, () =>
    readFindings(readFileSync(`${ROOT}${CSV}`, 'utf8')),
  );
  const { accepted } = JSON.parse(readFileSync(`${ROOT}.electronegativity-accepted.json`, 'utf8'));
  const { blocking, excused, info, stale, unjustified } = evaluate(findings, accepted);
  for (const f of info) console.log(`  info  ${f.severity} ${f.issue} ${where(f)}`);
  for (const f of excused) console.log(`  ok    ${f.severity} ${f.issue} ${where(f)} (accepted)`);
  for (const f of blocking)
    console.error(`  FAIL  ${f.severity} ${f.issue} ${where(f)}: ${f.description}`);
  for (const a of stale)
    console.error(`  FAIL  accepted ${a.issue} ${a.file} no longer occurs: remove it`);
  for (const a of unjustified)
    console.error(`  FAIL  accepted ${a.issue} ${a.file} has no justification`);
  const failed = blocking.length + stale.length + unjustified.length;
  console.log(
    `electronegativity: ${findings.length} findings, ${excused.length} accepted, ${failed} blocking (report: ${CSV})`,
  );
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main();
  } catch (err) {
    console.error(`electronegativity: ${errorText(err)}`);
    process.exitCode = 1;
  }
}
