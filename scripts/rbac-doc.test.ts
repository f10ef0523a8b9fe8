/**
 * docs/rbac.yaml is the Role we tell users to grant: it must allow what -L, -R and targetless
 * need and nothing broader (no wildcards, no exec, no secrets, no workload writes).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
const role = parse(readFileSync(new URL('../docs/rbac.yaml', import.meta.url), 'utf8')) as {
  kind: string;
  rules: Rule[];
};

const allows = (group: string, resource: string, verb: string): boolean =>
  role.rules.some(
    (r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
  );

describe('docs/rbac.yaml', () => {
  it('is a namespaced Role', () => expect(role.kind).toBe('Role'));

  it.each([
    ['', 'pods', 'get'],
    ['', 'pods', 'list'],
    ['', 'pods', 'watch'],
    ['', 'services', 'watch'],
    ['', 'endpoints', 'list'],
    ['apps', 'deployments', 'get'],
    ['apps', 'statefulsets', 'get'],
    ['apps', 'replicasets', 'get'],
    ['batch', 'jobs', 'list'],
    ['batch', 'cronjobs', 'get'],
    ['argoproj.io', 'rollouts', 'get'],
    ['', 'pods/portforward', 'create'],
    ['', 'pods/ephemeralcontainers', 'patch'],
    ['', 'pods', 'create'],
    ['', 'pods', 'delete'],
  ])('allows %s %s %s', (group, resource, verb) => {
    expect(allows(group, resource, verb)).toBe(true);
  });

  it('grants nothing broader', () => {
    const all = role.rules.flatMap((r) => [...r.apiGroups, ...r.resources, ...r.verbs]);
    expect(all).not.toContain('*');
    expect(allows('', 'pods/exec', 'create')).toBe(false);
    expect(allows('', 'secrets', 'get')).toBe(false);
    expect(allows('apps', 'deployments', 'patch')).toBe(false);
  });
});
