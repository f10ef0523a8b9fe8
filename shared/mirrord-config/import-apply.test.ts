import { describe, expect, it } from 'vitest';
import type { RuleInput } from '../model.ts';
import { applyImport, freeProfileName, type ImportHost } from './import-apply.ts';

/** A host that keeps rules and profiles in maps and refuses what it is told to. */
function fakeHost(refuse: { spec?: string; profile?: boolean } = {}) {
  const rules = new Map<string, RuleInput>();
  const profiles = new Map<string, string[]>([['shop', ['x']]]);
  let n = 0;
  const host: ImportHost = {
    addRule(input) {
      if (input.spec === refuse.spec) return Promise.reject(new Error('port 19090 is in use'));
      const id = `r${++n}`;
      rules.set(id, input);
      return Promise.resolve({ id });
    },
    removeRule: (id) => Promise.resolve(rules.delete(id)),
    profileNames: () => Promise.resolve([...profiles.keys()]),
    saveProfile({ name, ruleIds }) {
      if (refuse.profile) return Promise.reject(new Error('at most 200 profiles'));
      profiles.set(name, ruleIds);
      return Promise.resolve();
    },
  };
  return { host, rules, profiles };
}

const R1: RuleInput = { direction: 'R', spec: '80:19090', target: 'deployment/py-serv' };
const R2: RuleInput = { direction: 'R', spec: '443:19443', target: 'deployment/py-serv' };

describe('applyImport', () => {
  it('adds the rules (stopped unless asked) and a profile holding them; an existing name is kept', async () => {
    const { host, rules, profiles } = fakeHost();
    const result = await applyImport(host, [R1, R2], 'shop', { start: false });
    expect(result).toEqual({ ok: true, profile: 'shop (2)', ruleIds: ['r1', 'r2'] });
    expect([...rules.values()].map((r) => [r.spec, r.enabled])).toEqual([
      ['80:19090', false],
      ['443:19443', false],
    ]);
    expect(profiles.get('shop')).toEqual(['x']);
    expect(profiles.get('shop (2)')).toEqual(['r1', 'r2']);
  });

  it('a refused rule removes those already added: nothing is created', async () => {
    const { host, rules, profiles } = fakeHost({ spec: '443:19443' });
    const result = await applyImport(host, [R1, R2], 'api', { start: true });
    expect(result).toEqual({
      ok: false,
      error: 'nothing was created: -R 443:19443 was refused: port 19090 is in use',
    });
    expect(rules.size).toBe(0);
    expect([...profiles.keys()]).toEqual(['shop']);
  });

  it('a refused profile removes the rules', async () => {
    const { host, rules } = fakeHost({ profile: true });
    const result = await applyImport(host, [R1], 'api', { start: true });
    expect(result).toEqual({
      ok: false,
      error: 'nothing was created: the profile was refused: at most 200 profiles',
    });
    expect(rules.size).toBe(0);
  });

  it('no rules: nothing to create', async () => {
    expect(await applyImport(fakeHost().host, [], 'api', { start: true })).toEqual({
      ok: false,
      error: 'there are no rules to create',
    });
  });
});

describe('freeProfileName', () => {
  it('numbers a taken name, case-insensitively', () => {
    expect(freeProfileName('shop', [])).toBe('shop');
    expect(freeProfileName('shop', ['Shop', 'shop (2)'])).toBe('shop (3)');
  });
});
