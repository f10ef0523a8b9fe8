import { describe, expect, it } from 'vitest';
import { jsonLine, terminalLine } from './terminal-text.ts';

describe('terminalLine', () => {
  it('shows control characters instead of sending them to the terminal', () => {
    expect(terminalLine('ctx \u001b]0;owned\u0007 \u009b2J\nnext')).toBe(
      'ctx \\x1b]0;owned\\x07 \\x9b2J\\x0anext',
    );
    expect(terminalLine('a\u202eb')).toBe('a\\u202eb');
  });

  it('cuts long lines and says how much was left out', () => {
    const line = terminalLine('e'.repeat(30_000), 100);
    expect(line).toBe(`${'e'.repeat(100)}… (29900 more characters)`);
  });

  it('keeps NDJSON valid while escaping what JSON.stringify lets through', () => {
    const text = JSON.stringify({ name: 'a\u009b\u001bb' });
    const safe = jsonLine(text);
    // eslint-disable-next-line no-control-regex -- the point of the test
    expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(JSON.parse(safe)).toEqual({ name: 'a\u009b\u001bb' });
  });
});
