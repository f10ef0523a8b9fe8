import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contextNamespace, kubeconfigFiles, listContexts, loadKubeConfig } from './kubeconfig.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function file(
  name: string,
  opts: {
    current?: string;
    contexts: Array<[string, string, string?]>;
    clusters: Array<[string, string]>;
    exec?: boolean;
  },
): string {
  dir ||= mkdtempSync(path.join(tmpdir(), 'kc-'));
  const p = path.join(dir, name);
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    opts.current ? `current-context: ${opts.current}` : '',
    'clusters:',
    ...opts.clusters.map(([n, s]) => `- name: ${n}\n  cluster:\n    server: ${s}`),
    'contexts:',
    ...opts.contexts.map(
      ([n, c, ns]) =>
        `- name: ${n}\n  context:\n    cluster: ${c}\n    user: u${ns ? `\n    namespace: ${ns}` : ''}`,
    ),
    'users:',
    opts.exec
      ? '- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: my-plugin'
      : '- name: u\n  user:\n    token: t',
  ].join('\n');
  writeFileSync(p, yaml);
  return p;
}

describe('kubeconfig loading', () => {
  it('lists files: explicit path list, then KUBECONFIG, then ~/.kube/config', () => {
    expect(
      kubeconfigFiles({ kubeconfig: `~/a${path.delimiter}/b` }, { home: '/h', env: {} }),
    ).toEqual(['/h/a', '/b']);
    expect(
      kubeconfigFiles(
        {},
        { home: '/h', env: { KUBECONFIG: `/x${path.delimiter}${path.delimiter}/y` } },
      ),
    ).toEqual(['/x', '/y']);
    expect(kubeconfigFiles({}, { home: '/h', env: {} })).toEqual(['/h/.kube/config']);
  });

  it('merges a KUBECONFIG list like kubectl: first file wins per name and for current-context', () => {
    const a = file('a', {
      current: 'one',
      contexts: [['one', 'c1', 'shop']],
      clusters: [['c1', 'https://a.example']],
    });
    const b = file('b', {
      current: 'two',
      contexts: [
        ['two', 'c1'],
        ['one', 'c2'],
      ],
      clusters: [
        ['c1', 'https://b.example'],
        ['c2', 'https://c.example'],
      ],
    });
    const kc = loadKubeConfig(
      {},
      { env: { KUBECONFIG: [a, path.join(dir, 'missing'), b].join(path.delimiter) } },
    );
    expect(kc.currentContext).toBe('one');
    expect(kc.getCurrentCluster()?.server).toBe('https://a.example');
    expect(contextNamespace(kc)).toBe('shop');
    expect(listContexts(kc)).toEqual([
      { name: 'one', cluster: 'c1', namespace: 'shop', current: true },
      { name: 'two', cluster: 'c1', namespace: 'default', current: false },
    ]);
  });

  it('selects an explicit context and says which exist when it is unknown', () => {
    const a = file('a', {
      current: 'one',
      contexts: [
        ['one', 'c1'],
        ['two', 'c1', 'ns2'],
      ],
      clusters: [['c1', 'https://a']],
    });
    const kc = loadKubeConfig({ kubeconfig: a, context: 'two' });
    expect(kc.currentContext).toBe('two');
    expect(contextNamespace(kc)).toBe('ns2');
    expect(() => loadKubeConfig({ kubeconfig: a, context: 'nope' })).toThrow(
      'context "nope" not found in the kubeconfig (available: one, two)',
    );
  });

  it('fails with a KubeConfig error when no file exists', () => {
    expect(() => loadKubeConfig({}, { home: '/nonexistent-home', env: {} })).toThrow(
      /no kubeconfig found \(looked at \/nonexistent-home\/.kube\/config\)/,
    );
  });

  it('gives exec credential plugins the login shell PATH without touching process.env', () => {
    const a = file('a', {
      current: 'one',
      contexts: [['one', 'c1']],
      clusters: [['c1', 'https://a']],
      exec: true,
    });
    const before = process.env.PATH;
    const kc = loadKubeConfig({ kubeconfig: a }, { execPath: '/opt/homebrew/bin:/usr/bin' });
    const exec = (
      kc.getCurrentUser() as unknown as { exec: { env: Array<{ name: string; value: string }> } }
    ).exec;
    expect(exec.env).toContainEqual({ name: 'PATH', value: '/opt/homebrew/bin:/usr/bin' });
    expect(process.env.PATH).toBe(before);
  });
});
