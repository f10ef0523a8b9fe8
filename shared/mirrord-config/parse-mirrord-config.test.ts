import { describe, expect, it } from 'vitest';
import { readFixture } from './fixtures/read-fixture.ts';
import { parseMirrordConfig } from './parse-mirrord-config.ts';
import type { ConfigContext, MirrordConfig } from './types.ts';

const noEnv: ConfigContext = { env: {} };

function parsed(text: string, name = 'mirrord.json', ctx: ConfigContext = noEnv): MirrordConfig {
  const r = parseMirrordConfig(text, name, ctx);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error}`);
  return r.value;
}

function error(text: string, name = 'mirrord.json', ctx: ConfigContext = noEnv): string {
  const r = parseMirrordConfig(text, name, ctx);
  if (r.ok) throw new Error(`expected an error for ${text}`);
  expect(r.error).not.toContain('\n');
  return r.error;
}

const IGNORED_IMAGE = (image: string): string =>
  `\`agent.image\` ${image} is mirrord's agent, which Portside cannot drive; Portside runs its own agent and ignores this image`;
const NO_HTTP_FILTER =
  "`feature.network.incoming.http_filter` is not applied: Portside's -R forwards every connection on the port, it does not filter HTTP requests";

describe('the examples of docs/mirrord-compat.md §5.6', () => {
  it('mirrord.json: deployment + container, steal with a filter that uses {{ key }}', () => {
    const c = parsed(readFixture('mirrord.json'), 'mirrord.json', {
      env: { MIRRORD_KEY: 'dev-7' },
    });
    expect(c).toEqual({
      target: { kind: 'deployment', name: 'api', container: 'app' },
      namespace: 'shop',
      context: 'staging',
      operator: false,
      key: 'dev-7',
      agent: { ttl: 30, startupTimeout: 120 },
      incoming: {
        mode: 'steal',
        modeStated: true,
        httpFilter: { header_filter: '^x-dev: dev-7$', ports: [80] },
      },
      warnings: [NO_HTTP_FILTER, IGNORED_IMAGE('ghcr.io/metalbear-co/mirrord:3.250.0')],
    });
  });

  it('mirrord.toml: pod with container, ephemeral agent, kubeconfig kept as written', () => {
    expect(parsed(readFixture('mirrord.toml'), 'mirrord.toml')).toEqual({
      target: { kind: 'pod', name: 'db-0', container: 'postgres' },
      namespace: 'data',
      context: 'staging',
      kubeconfig: '~/.kube/config',
      agent: { ephemeral: true },
      incoming: { mode: 'mirror', modeStated: true },
      warnings: [],
    });
  });

  it('mirrord.yaml: rollout, mirrord image string, any_of filter', () => {
    expect(parsed(readFixture('mirrord.yaml'), 'mirrord.yaml')).toEqual({
      target: { kind: 'rollout', name: 'web', container: 'web' },
      namespace: 'shop',
      agent: { startupTimeout: 90 },
      incoming: {
        mode: 'steal',
        modeStated: true,
        httpFilter: { any_of: [{ path: '^/api/v2' }, { header: '^x-dev: me$' }] },
      },
      warnings: [NO_HTTP_FILTER, IGNORED_IMAGE('ghcr.io/metalbear-co/mirrord:3.250.0')],
    });
  });

  it('targetless with a namespace, for -L only', () => {
    expect(parsed('{ "target": { "path": "targetless", "namespace": "shop" } }')).toMatchObject({
      target: { kind: 'targetless' },
      namespace: 'shop',
    });
  });

  it('the templated examples', () => {
    const env = { env: { SVC: 'cart' } };
    const t = '{ "target": "deployment/{{ get_env(name=\'SVC\', default=\'api\') }}" }';
    expect(parsed(t, 'm.json', env).target).toEqual({ kind: 'deployment', name: 'cart' });
    expect(parsed(t).target).toEqual({ kind: 'deployment', name: 'api' });
    const k = `{ "key": "{{ git_branch | default(value='main') }}" }`;
    expect(parsed(k).key).toBe('main');
    expect(parsed(k, 'm.json', { env: {}, gitBranch: 'feat-1' }).key).toBe('feat-1');
  });
});

describe('the session key, as mirrord resolves it', () => {
  it('MIRRORD_KEY wins over the file', () => {
    const c = parsed('{ "key": "file", "target": "pod/p-{{ key }}" }', 'm.json', {
      env: { MIRRORD_KEY: 'env' },
    });
    expect(c.key).toBe('env');
    expect(c.target).toEqual({ kind: 'pod', name: 'p-env' });
  });

  it('the root key is rendered first and then used everywhere', () => {
    const c = parsed('key = "{{ git_branch }}"\ntarget = "pod/{{ key }}"', 'm.toml', {
      env: {},
      gitBranch: 'b1',
    });
    expect(c).toMatchObject({ key: 'b1', target: { kind: 'pod', name: 'b1' } });
  });

  it('without a key, {{ key }} is a generated one (5 hex digits) and none is reported', () => {
    const c = parsed('target: "pod/p-{{ key }}"', 'm.yaml');
    expect(c.key).toBeUndefined();
    expect(c.target).toMatchObject({ kind: 'pod', name: expect.stringMatching(/^p-[0-9a-f]{5}$/) });
  });

  it('git_branch unknown: an error unless default() is given', () => {
    expect(error('{ "key": "{{ git_branch }}" }')).toBe(
      "in `key`: `git_branch` is not defined: no git branch was found (set MIRRORD_BRANCH_NAME, or write `{{ git_branch | default(value='main') }}`)",
    );
    expect(error('{\n "target": "pod/{{ git_branch }}"\n}')).toMatch(
      /^line 2: `git_branch` is not defined/,
    );
  });

  it('unsupported template syntax is an error naming the line', () => {
    expect(error('{\n\n "target": "{{ now() }}" }')).toBe(
      'line 3: Portside renders only get_env, git_branch, key and default(); this template uses `now()` in `{{ now() }}`',
    );
  });
});

describe('formats', () => {
  it('stdin (-) and extension-less files are JSON; other extensions are refused', () => {
    expect(parsed('{"kube_context": "a"}', '-').context).toBe('a');
    expect(parsed('{"kube_context": "a"}', '.mirrord/config').context).toBe('a');
    expect(error('kube_context: a', 'mirrord.yml.txt')).toBe(
      'the file has an invalid extension `txt`, must have one of: json, toml, yml, yaml',
    );
  });

  it('the top level must be an object', () => {
    expect(error('[1]')).toBe('the file must hold an object of settings, not a list');
    expect(error('null')).toBe('the file must hold an object of settings, not null');
    expect(error('just text', 'm.yaml')).toBe(
      'the file must hold an object of settings, not a string',
    );
  });

  it('null means unset, the serde way', () => {
    expect(parsed('{"agent": {"namespace": null}, "target": null, "kube_context": null}')).toEqual({
      agent: {},
      incoming: { mode: 'mirror' },
      warnings: [],
    });
  });

  it('syntax errors name the line', () => {
    expect(error('{\n"a": 1,\n}')).toBe(
      'line 3: invalid JSON: Expected double-quoted property name',
    );
    expect(error('a = \n', 'm.toml')).toBe('line 1, column 5: invalid TOML: invalid value');
  });
});
