import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from './import-command.ts';
import { nodeImportDeps } from './import-command-node.ts';

const FIXTURES = new URL('../../shared/mirrord-config/fixtures/import/', import.meta.url).pathname;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portside-import-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    ...nodeImportDeps({ HOME: dir }, FIXTURES),
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
  };
  return runImport(argv, deps).then((code) => ({ code, out, err }));
}

describe('portside import --save with the real engine and state folder', () => {
  it('persists the rules (stopped) and the profile; a second import of the same ports creates nothing', async () => {
    const first = await run(['mirrord.toml', '--save', '--state-dir', dir, '--json']);
    expect(first).toMatchObject({ code: 0, err: [] });
    const saved = JSON.parse(first.out.at(-1) ?? '') as { profile: string; ruleIds: string[] };
    expect(saved.profile).toBe('mirrord');
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as {
      rules: { id: string; spec: string; enabled: boolean; incomingMode: string }[];
      profiles: { name: string; ruleIds: string[] }[];
    };
    expect(state.rules.map((r) => [r.id, r.spec, r.enabled, r.incomingMode])).toEqual([
      [saved.ruleIds[0], '80:19090', false, 'steal'],
    ]);
    expect(state.profiles).toEqual([{ name: 'mirrord', ruleIds: saved.ruleIds }]);

    const again = await run(['mirrord.json', '--save', '--state-dir', dir]);
    expect(again.code).toBe(1);
    expect(again.err[0]).toMatch(/nothing was created: -R 80:19090 was refused: /);
    const after = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as typeof state;
    expect(after.rules).toHaveLength(1);
    expect(after.profiles.map((p) => p.name)).toEqual(['mirrord']);
  });
});
