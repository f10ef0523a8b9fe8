import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { RuleInput } from '../../shared/model.ts';
import { runImport, type ImportCommandDeps, type SaveTarget } from './import-command.ts';
import { defaultStateDir } from './import-command-node.ts';

const FIXTURES = new URL('../../shared/mirrord-config/fixtures/import/', import.meta.url).pathname;

function fakeStore(refuseSpec?: string) {
  const rules = new Map<string, RuleInput>();
  const profiles = new Map<string, string[]>();
  const log: string[] = [];
  let n = 0;
  const store: SaveTarget = {
    where: '/state',
    addRule(input) {
      if (input.spec === refuseSpec) return Promise.reject(new Error('refused'));
      rules.set(`r${++n}`, input);
      return Promise.resolve({ id: `r${n}` });
    },
    removeRule: (id) => Promise.resolve(rules.delete(id)),
    profileNames: () => Promise.resolve([...profiles.keys()]),
    saveProfile: ({ name, ruleIds }) => Promise.resolve(void profiles.set(name, ruleIds)),
    close: () => Promise.resolve(void log.push('closed')),
  };
  return { store, rules, profiles, log };
}

function harness(env: Record<string, string> = {}, store = fakeStore()) {
  const out: string[] = [];
  const err: string[] = [];
  const opened: (string | undefined)[] = [];
  const deps: ImportCommandDeps = {
    env: { HOME: '/home/me', ...env },
    cwd: FIXTURES,
    home: '/home/me',
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    fileSize: async (f) => (await readFile(f)).length,
    readFile: async (f) => new Uint8Array(await readFile(f)),
    readStdin: () =>
      Promise.resolve(
        new TextEncoder().encode(
          '{"target":"pod/a","feature":{"network":{"incoming":{"ports":[80]}}}}',
        ),
      ),
    gitBranch: () => Promise.resolve('main'),
    openStore: (dir) => {
      opened.push(dir);
      return Promise.resolve(store.store);
    },
  };
  return { deps, out, err, opened, store };
}

describe('portside import', () => {
  it.each(['mirrord.json', 'mirrord.toml', 'mirrord.yaml'])(
    '--json %s: one rule line (the issue’s shape), nothing saved',
    async (file) => {
      const h = harness();
      expect(await runImport([file, '--json'], h.deps)).toBe(0);
      const lines = h.out.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.filter((l) => l.type !== 'note')).toEqual([
        {
          type: 'rule',
          direction: 'R',
          spec: '80:19090',
          target: 'deployment/py-serv',
          namespace: 'default',
          context: null,
          mode: 'steal',
        },
      ]);
      expect(h.opened).toEqual([]);
    },
  );

  it('--json lists ignored keys with why and values from the environment', async () => {
    const h = harness({ PORTSIDE_TEST_CONTEXT: 'kind-dev' });
    expect(await runImport(['--json', 'templated.json'], h.deps)).toBe(0);
    const lines = h.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.type === 'ignored').map((l) => l.key)).toEqual([
      'feature.network.incoming.http_filter',
      'feature.fs',
    ]);
    expect(lines.find((l) => l.type === 'rule')).toMatchObject({
      context: 'kind-dev',
      mode: 'auto',
      spec: '8080',
    });
    expect(lines.filter((l) => l.type === 'env')).toEqual([
      { type: 'env', name: 'PORTSIDE_TEST_CONTEXT', value: 'kind-dev' },
      { type: 'env', name: 'PORTSIDE_TEST_NS', value: null },
    ]);
  });

  it('human output: target, namespace, context, rules, and that nothing was created', async () => {
    const h = harness();
    expect(await runImport(['mirrord.yaml'], h.deps)).toBe(0);
    expect(h.out.slice(0, 4)).toEqual([
      'mirrord.yaml: 1 rule for profile "mirrord"',
      '  target     deployment/py-serv',
      '  namespace  default',
      '  context    (the current context)',
    ]);
    expect(h.out).toContain('  -R 80:19090  (mode steal)');
    expect(h.out.at(-1)).toBe('\nnothing was created (add --save to add these rules as a profile)');
  });

  it('--save adds the rules stopped as a profile, in the given state folder', async () => {
    const h = harness();
    expect(
      await runImport(['mirrord.json', '--save', '--state-dir', '/tmp/ps', '--json'], h.deps),
    ).toBe(0);
    expect(h.opened).toEqual(['/tmp/ps']);
    expect([...h.store.rules.values()]).toEqual([
      {
        direction: 'R',
        spec: '80:19090',
        target: 'deployment/py-serv',
        namespace: 'default',
        incomingMode: 'steal',
        enabled: false,
      },
    ]);
    expect([...h.store.profiles]).toEqual([['mirrord', ['r1']]]);
    expect(JSON.parse(h.out.at(-1) ?? '')).toEqual({
      type: 'saved',
      profile: 'mirrord',
      ruleIds: ['r1'],
    });
    expect(h.store.log).toEqual(['closed']);
  });

  it('--save that fails creates nothing and exits 1', async () => {
    const h = harness({}, fakeStore('80:19090'));
    expect(await runImport(['mirrord.json', '--save'], h.deps)).toBe(1);
    expect(h.store.rules.size).toBe(0);
    expect(h.err).toEqual([
      'portside import: mirrord.json: nothing was created: -R 80:19090 was refused: refused',
    ]);
  });

  it('a broken file: the error names file, line and column; exit 1; nothing opened', async () => {
    const h = harness();
    expect(await runImport(['syntax-error.toml', '--save', '--json'], h.deps)).toBe(1);
    expect(JSON.parse(h.out[0] ?? '')).toEqual({
      type: 'error',
      file: 'syntax-error.toml',
      line: 3,
      column: 13,
      message: 'invalid TOML: invalid value',
    });
    expect(h.err).toEqual([
      'portside import: syntax-error.toml, line 3, column 13: invalid TOML: invalid value',
    ]);
    expect(h.opened).toEqual([]);
  });

  it('a missing file and a file over 1 MiB (refused by its size, unread)', async () => {
    const h = harness();
    expect(await runImport(['nope.json'], h.deps)).toBe(1);
    expect(h.err).toEqual(['portside import: nope.json: file not found']);
    const big = harness();
    big.deps.fileSize = () => Promise.resolve(5 * 1024 * 1024);
    big.deps.readFile = () => Promise.reject(new Error('must not be read'));
    expect(await runImport(['mirrord.json'], big.deps)).toBe(1);
    expect(big.err[0]).toMatch(/5\.0 MiB; a mirrord config file is at most 1 MiB/);
  });

  it('stdin (`-`) is read as JSON', async () => {
    const h = harness();
    expect(await runImport(['-', '--json'], h.deps)).toBe(0);
    expect(JSON.parse(h.out[0] ?? '')).toMatchObject({
      type: 'rule',
      spec: '80',
      target: 'pod/a',
      mode: 'auto',
    });
    const saved = harness();
    expect(await runImport(['-', '--save'], saved.deps)).toBe(0);
    expect([...saved.store.profiles.keys()]).toEqual(['imported']);
  });

  it.each([
    [[], 'error: the file to import is missing'],
    [['a.json', 'b.json'], "error: unexpected argument 'b.json' found"],
    [['a.json', '--state-dir'], "error: a value is required for '--state-dir <DIR>'"],
    [['a.json', '--state-dir=/x'], 'error: --state-dir only matters with --save'],
    [['a.json', '--force'], "error: unexpected argument '--force' found"],
  ])('usage error %j exits 2', async (argv, message) => {
    const h = harness();
    expect(await runImport(argv, h.deps)).toBe(2);
    expect(h.err[0]?.startsWith(message)).toBe(true);
  });

  it('the default state folder is the desktop app’s', () => {
    expect(defaultStateDir({}, '/home/me', 'linux')).toBe('/home/me/.config/Portside');
    expect(defaultStateDir({ XDG_CONFIG_HOME: '/x' }, '/home/me', 'linux')).toBe('/x/Portside');
    expect(defaultStateDir({}, '/Users/me', 'darwin')).toBe(
      '/Users/me/Library/Application Support/Portside',
    );
  });
});
