import { describe, expect, it } from 'vitest';
import { exitCode, summarize } from './audit-runtime.mjs';

const report = (v: Record<string, number>) =>
  JSON.stringify({ metadata: { vulnerabilities: v, dependencies: { prod: 42 } } });

describe('audit-runtime', () => {
  it('counts advisories and fails only on high or critical', () => {
    const moderate = summarize(report({ low: 1, moderate: 2 }));
    expect(moderate).toEqual({
      ok: true,
      counts: { info: 0, low: 1, moderate: 2, high: 0, critical: 0 },
      dependencies: 42,
    });
    expect(exitCode(moderate)).toBe(0);
    expect(exitCode(summarize(report({ high: 1 })))).toBe(1);
    expect(exitCode(summarize(report({ critical: 1 })))).toBe(1);
  });

  it('reports an unreachable audit endpoint without failing', () => {
    const s = summarize(JSON.stringify({ message: '405 Method Not Allowed - POST https://…' }));
    expect(s).toEqual({ ok: false, reason: '405 Method Not Allowed - POST https://…' });
    expect(exitCode(s)).toBe(0);
    expect(summarize('not json')).toEqual({ ok: false, reason: 'npm audit printed no JSON' });
  });
});
