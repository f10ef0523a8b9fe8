import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  findingsWithRetry,
  parseCsv,
  readFindings,
  type Accepted,
} from './electronegativity.mjs';

const HEADER = 'issue, severity, confidence, filename, location, sample, description, url\n';
const row = (issue: string, severity: string, file: string, sample = 'N/A') =>
  `${issue},"${severity}","FIRM",${file === 'N/A' ? 'N/A' : `"${file}"`},"1:2",${sample},"why",https://github.com/doyensec/electronegativity/wiki/${issue}\n`;

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, commas and newlines inside fields', () => {
    expect(parseCsv('a,"b, ""c""",d\r\n"x\ny",,z\n')).toEqual([
      ['a', 'b, "c"', 'd'],
      ['x\ny', '', 'z'],
    ]);
  });
});

describe('readFindings', () => {
  it('reads rows with repo-relative files', () => {
    const text =
      HEADER + row('PRELOAD_JS_CHECK', 'MEDIUM', '/repo/electron/main/window.ts', '"a, b"');
    expect(readFindings(text, '/repo')).toEqual([
      {
        issue: 'PRELOAD_JS_CHECK',
        severity: 'MEDIUM',
        file: 'electron/main/window.ts',
        location: '1:2',
        sample: 'a, b',
        description: 'why',
      },
    ]);
  });

  it('throws on a damaged report instead of passing with findings lost', () => {
    expect(() => readFindings('ted in the target application",https://x\n' + HEADER)).toThrow(
      /header/,
    );
    expect(() => readFindings(HEADER + 'CSP_GLOBAL_CHECK,"MEDIUM"\n')).toThrow(/malformed/);
    expect(() => readFindings('')).toThrow(/header/);
  });
});

describe('evaluate', () => {
  const finding = (issue: string, severity: string, file = 'N/A') =>
    readFindings(HEADER + row(issue, severity, file === 'N/A' ? file : `/r/${file}`), '/r')[0]!;
  const accepted: Accepted[] = [
    {
      issue: 'PRELOAD_JS_CHECK',
      file: 'electron/main/window.ts',
      justification: 'reviewed: contract-only preload',
    },
  ];

  it('blocks HIGH and MEDIUM findings unless accepted for that file', () => {
    const r = evaluate(
      [
        finding('PRELOAD_JS_CHECK', 'MEDIUM', 'electron/main/window.ts'),
        finding('PRELOAD_JS_CHECK', 'MEDIUM', 'electron/main/other.ts'),
        finding('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'electron/main/window.ts'),
        finding('SOMETHING_JS_CHECK', 'LOW', 'electron/main/window.ts'),
      ],
      accepted,
    );
    expect(r.excused.map((f) => f.file)).toEqual(['electron/main/window.ts']);
    expect(r.blocking.map((f) => `${f.issue} ${f.file}`)).toEqual([
      'PRELOAD_JS_CHECK electron/main/other.ts',
      'CONTEXT_ISOLATION_JS_CHECK electron/main/window.ts',
    ]);
    expect(r.info).toHaveLength(1);
    expect(r.stale).toEqual([]);
  });

  it('reports accepted entries that no longer match, and unjustified ones', () => {
    const r = evaluate([], [...accepted, { issue: 'X_CHECK', file: 'N/A', justification: ' ' }]);
    expect(r.stale.map((a) => a.issue)).toEqual(['PRELOAD_JS_CHECK', 'X_CHECK']);
    expect(r.unjustified.map((a) => a.issue)).toEqual(['X_CHECK']);
  });
});

describe('.electronegativity-accepted.json', () => {
  it('is small and every entry carries a one-line justification', async () => {
    const raw = await readFile(
      new URL('../.electronegativity-accepted.json', import.meta.url),
      'utf8',
    );
    const { accepted } = JSON.parse(raw) as { accepted: Accepted[] };
    expect(accepted.length).toBeLessThanOrEqual(3);
    for (const a of accepted) {
      expect(a.justification, a.issue).toMatch(/^[^\n]{20,300}$/);
    }
  });
});

describe('findingsWithRetry', () => {
  const damaged = () => readFindings('ted in the target application",https://x\n');
  it('runs the tool again when its report is damaged, and returns the first whole one', () => {
    let runs = 0;
    const reads = [damaged, () => []];
    const found = findingsWithRetry(
      () => void runs++,
      () => reads[runs - 1]!(),
    );
    expect([runs, found]).toEqual([2, []]);
  });
  it('gives up after three damaged reports with the reason', () => {
    let runs = 0;
    expect(() => findingsWithRetry(() => void runs++, damaged)).toThrow(/damaged|malformed/);
    expect(runs).toBe(3);
  });
});
