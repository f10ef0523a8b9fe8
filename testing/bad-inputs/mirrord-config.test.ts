/**
 * Every corpus mirrord config through both ways in: a file dropped on the window (its text goes
 * to parseMirrordConfig) and `portside port-forward -f FILE` (the bounded reader, then the same
 * parser). Each ends in a one-line error value; nothing throws, nothing hangs.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMirrordConfig } from '../../shared/mirrord-config/index.ts';
import { createConfigLoader, nodeConfigFileDeps } from '../../electron/cli/config-file.ts';
import { corpusFiles, specialFiles, tally, uncleanReason } from './corpus.ts';

const special = specialFiles('mirrord');
afterAll(() => special.cleanup());

const within = <T>(work: Promise<T>, ms = 5000): Promise<T | Error> =>
  Promise.race([work, new Promise<Error>((r) => setTimeout(() => r(new Error('hung')), ms))]);

describe('bad inputs: mirrord config files', () => {
  it('a dropped file: parseMirrordConfig answers every entry with one clean line', () => {
    const t = tally('dropped mirrord config');
    const texts = corpusFiles('mirrord').map((e) => ({ ...e, text: readFileSync(e.path, 'utf8') }));
    for (const e of texts) {
      const r = parseMirrordConfig(e.text, basename(e.path), { env: {} });
      t.check(e.name, r.ok ? 'accepted' : uncleanReason(r.error));
    }
    t.print();
    expect(t.unclean).toEqual([]);
    // 20 MB of valid JSON is a valid config: parsed without a crash (the -f path refuses it).
    const huge = readFileSync(special.entries[0]!.path, 'utf8');
    expect(parseMirrordConfig(huge, 'huge.json', { env: {} })).toMatchObject({ ok: true });
  });

  it('-f FILE: the CLI loader answers every entry, the special files included', async () => {
    const t = tally('port-forward -f');
    const load = createConfigLoader(nodeConfigFileDeps({}, '/'));
    for (const e of [...corpusFiles('mirrord'), ...special.entries]) {
      const r = await within(load(e.path));
      if (r instanceof Error) t.check(e.name, r.message);
      else t.check(e.name, r.ok ? 'accepted' : uncleanReason(r.error));
    }
    t.print();
    expect(t.unclean).toEqual([]);
    expect(statSync(special.entries[0]!.path).size).toBeGreaterThan(20 * 1024 * 1024 - 1);
  });
});
