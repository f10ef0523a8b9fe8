/** Every corpus argv through `portside port-forward`: exit 1 and one clean stderr line. */
import { describe, expect, it } from 'vitest';
import { runPortForward } from '../../electron/cli/port-forward-command.ts';
import { terminalLine } from '../../electron/cli/terminal-text.ts';
import { createEngine } from '../../electron/engine/create-engine.ts';
import { createIdleRunner } from '../../electron/engine/rules/rule-runner.ts';
import { corpusLines, tally, uncleanReason } from './corpus.ts';

describe('bad inputs: port-forward arguments', () => {
  it('refuses every entry before creating an engine, with one clean line', async () => {
    const t = tally('port-forward arguments');
    let created = 0;
    for (const argv of corpusLines<string[]>('args/argv.jsonl')) {
      const err: string[] = [];
      let engines = 0;
      const code = await runPortForward(argv, {
        env: {},
        out: () => undefined,
        // What the real command does to every stderr line before printing it.
        err: (l) => err.push(terminalLine(l)),
        // The real engine validates what the parser let through; its runner forwards nothing.
        createEngine: () => {
          engines += 1;
          return createEngine({ runner: createIdleRunner() });
        },
        stopRequested: new Promise(() => {}),
      }).catch((e: unknown) => e);
      const name = JSON.stringify(argv).slice(0, 60);
      if (code !== 1) t.check(name, `exit ${String(code)}`);
      else
        t.check(
          name,
          err.length === 1 ? uncleanReason(err[0]) : `${err.length} lines: ${err.join(' | ')}`,
        );
      created += engines;
    }
    t.print();
    console.log(`bad inputs · port-forward arguments: ${created} reached the engine's validation`);
    expect(t.unclean).toEqual([]);
  });
});
