import { afterEach, describe, expect, it } from 'vitest';
import type { RuleView } from '../../shared/model.ts';
import { createEngine } from './create-engine.ts';
import { createIdleRunner } from './rules/rule-runner.ts';
import type { Engine } from './api/engine.ts';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

const counterIds = (): (() => string) => {
  let n = 0;
  return () => `r${++n}`;
};

describe('createEngine (store only)', () => {
  it('adds, lists, disables and removes rules, publishing the full list each time', async () => {
    engine = createEngine({ newId: counterIds(), runner: createIdleRunner() });
    const seen: RuleView[][] = [];
    engine.onRulesChanged((rules) => seen.push(rules));
    const added = await engine.addRule({
      direction: 'L',
      spec: '18080:py-serv:80',
      enabled: false,
    });
    expect(added).toMatchObject({
      id: 'r1',
      state: 'stopped',
      reason: 'turned off',
      enabled: false,
      stats: { total: 0 },
    });
    expect(engine.listRules().map((r) => r.id)).toEqual(['r1']);
    const enabled = await engine.setEnabled('r1', true);
    expect(enabled.enabled).toBe(true);
    await engine.removeRule('r1');
    expect(engine.listRules()).toEqual([]);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toEqual([]);
  });

  it('rejects duplicates and unknown ids as typed errors', async () => {
    engine = createEngine({ newId: counterIds(), runner: createIdleRunner() });
    await engine.addRule({ direction: 'L', spec: '18080:a:80', enabled: false });
    await expect(engine.addRule({ direction: 'L', spec: '18080:b:80' })).rejects.toMatchObject({
      kind: 'DuplicateMapping',
    });
    await expect(engine.removeRule('nope')).rejects.toMatchObject({ kind: 'NotFound' });
    await expect(engine.setEnabled('nope', true)).rejects.toMatchObject({ kind: 'NotFound' });
    expect(engine.listRules()).toHaveLength(1);
  });

  it('stops publishing after unsubscribe', async () => {
    engine = createEngine({ newId: counterIds(), runner: createIdleRunner() });
    let calls = 0;
    const off = engine.onRulesChanged(() => calls++);
    await engine.addRule({ direction: 'L', spec: '1:a:2', enabled: false });
    const before = calls;
    off();
    await engine.addRule({ direction: 'L', spec: '3:a:2', enabled: false });
    expect(before).toBeGreaterThan(0);
    expect(calls).toBe(before);
  });
});
