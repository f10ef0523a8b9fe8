import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConfigLoader,
  expandKubeconfig,
  gitBranchIn,
  nodeConfigFileDeps,
  type ConfigFileDeps,
} from './config-file.ts';

const fixtures = fileURLToPath(new URL('../../shared/mirrord-config/fixtures/', import.meta.url));
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portside-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expandKubeconfig (shellexpand::full, per list entry)', () => {
  const env = { HOME: '/home/me', DIR: '/k', EMPTY: '' };
  it.each([
    ['~', '/home/me'],
    ['~/.kube/config', '/home/me/.kube/config'],
    ['$HOME/c', '/home/me/c'],
    ['${DIR}/c', '/k/c'],
    ['$EMPTY/c', '/c'],
    ['~/a:$DIR/b', '/home/me/a:/k/b'],
    ['~other/c', '~other/c'],
    ['/a/$/b', '/a/$/b'],
  ])('%s → %s', (input, out) => {
    expect(expandKubeconfig(input, env, '/home/me')).toEqual({ ok: true, value: out });
  });

  it('an unset variable is an error naming it', () => {
    expect(expandKubeconfig('$KUBE_HOME/config', env, '/home/me')).toEqual({
      ok: false,
      error: '`kubeconfig` $KUBE_HOME/config: environment variable `KUBE_HOME` is not set',
    });
  });
});

function deps(extra: Partial<ConfigFileDeps> = {}): ConfigFileDeps & { gitCalls: () => number } {
  let calls = 0;
  const base = nodeConfigFileDeps({}, dir);
  return {
    ...base,
    home: '/home/me',
    readStdin: async () => '{ "kube_context": "from-stdin" }',
    gitBranch: async () => (calls++, 'git-branch'),
    ...extra,
    gitCalls: () => calls,
  };
}

describe('createConfigLoader', () => {
  it('reads the §5.6 examples relative to cwd and keeps what the command uses', async () => {
    for (const name of ['mirrord.json', 'mirrord.toml', 'mirrord.yaml'])
      copyFileSync(path.join(fixtures, name), path.join(dir, name));
    const load = createConfigLoader(deps());
    expect(await load('mirrord.toml')).toEqual({
      ok: true,
      value: {
        target: { kind: 'pod', name: 'db-0', container: 'postgres' },
        namespace: 'data',
        context: 'staging',
        kubeconfig: '/home/me/.kube/config',
        agent: { ephemeral: true },
        incomingMode: 'mirror',
        warnings: [],
      },
    });
    expect(await load(path.join(dir, 'mirrord.json'))).toMatchObject({
      ok: true,
      value: {
        target: { kind: 'deployment', name: 'api' },
        agent: { ttl: 30, startupTimeout: 120 },
      },
    });
    expect(await load('./mirrord.yaml')).toMatchObject({
      ok: true,
      value: { target: { kind: 'rollout', name: 'web' } },
    });
  });

  it('`-` reads stdin as JSON', async () => {
    expect(await createConfigLoader(deps())('-')).toMatchObject({
      ok: true,
      value: { context: 'from-stdin' },
    });
  });

  it('read failures are one short phrase', async () => {
    const load = createConfigLoader(deps());
    expect(await load('nope.json')).toEqual({ ok: false, error: 'file not found' });
    mkdirSync(path.join(dir, 'a-dir.json'), { recursive: true });
    expect(await load('a-dir.json')).toEqual({
      ok: false,
      error: 'this is a directory, not a file',
    });
  });

  it('asks git only when the file uses git_branch; MIRRORD_BRANCH_NAME wins', async () => {
    writeFileSync(path.join(dir, 'plain.json'), '{ "target": "pod/a" }');
    writeFileSync(
      path.join(dir, 'branch.json'),
      '{ "key": "{{ git_branch }}", "target": "pod/{{ key }}" }',
    );
    const d = deps();
    const load = createConfigLoader(d);
    await load('plain.json');
    expect(d.gitCalls()).toBe(0);
    expect(await load('branch.json')).toMatchObject({
      ok: true,
      value: { target: { name: 'git-branch' } },
    });
    expect(d.gitCalls()).toBe(1);
    const fromEnv = createConfigLoader(deps({ env: { MIRRORD_BRANCH_NAME: 'env-branch' } }));
    expect(await fromEnv('branch.json')).toMatchObject({
      ok: true,
      value: { target: { name: 'env-branch' } },
    });
    const noBranch = createConfigLoader(deps({ gitBranch: async () => undefined }));
    expect(await noBranch('branch.json')).toMatchObject({
      ok: false,
      error: expect.stringContaining('`git_branch` is not defined'),
    });
  });

  it('templates see the environment; the kubeconfig is expanded after rendering', async () => {
    writeFileSync(
      path.join(dir, 'env.yaml'),
      'kubeconfig: "{{ get_env(name=\'KC\') }}"\ntarget: pod/{{ get_env(name="POD", default="p") }}\n',
    );
    const load = createConfigLoader(deps({ env: { KC: '$DIR/config', DIR: '/clusters' } }));
    expect(await load('env.yaml')).toMatchObject({
      ok: true,
      value: { kubeconfig: '/clusters/config', target: { kind: 'pod', name: 'p' } },
    });
    const unset = createConfigLoader(deps({ env: { KC: '$DIR/config' } }));
    expect(await unset('env.yaml')).toEqual({
      ok: false,
      error: '`kubeconfig` $DIR/config: environment variable `DIR` is not set',
    });
  });

  it('says that port_mapping/ports are not used by -f, as in mirrord', async () => {
    writeFileSync(
      path.join(dir, 'ports.json'),
      '{ "feature": { "network": { "incoming": { "port_mapping": [[9333, 80]] } } } }',
    );
    expect(await createConfigLoader(deps())('ports.json')).toMatchObject({
      ok: true,
      value: {
        warnings: [
          '`feature.network.incoming.port_mapping`/`ports` are not used by port-forward (as in mirrord): the -R flags say which ports to forward',
        ],
      },
    });
  });
});

describe('gitBranchIn (git branch --show-current)', () => {
  const git = (cwd: string, ...args: string[]): void => {
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd,
      stdio: 'ignore',
    });
  };

  it('names the checked-out branch, and nothing when detached, outside a repo or without git', async () => {
    const repo = path.join(dir, 'repo');
    const plain = path.join(dir, 'plain');
    mkdirSync(repo);
    mkdirSync(plain);
    git(repo, 'init', '-q', '-b', 'feature/x');
    expect(await gitBranchIn(repo)).toBe('feature/x');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'one');
    git(repo, 'checkout', '-q', '--detach');
    expect(await gitBranchIn(repo)).toBeUndefined();
    expect(await gitBranchIn(plain)).toBeUndefined();
    expect(await gitBranchIn(repo, path.join(dir, 'no-such-git'))).toBeUndefined();
  });
});
