import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileView, RuleStatsDelta, RuleView } from '../../shared/model.ts';
import type { Engine } from './api/engine.ts';
import { createEngine } from './create-engine.ts';
import { MAX_RULES } from './rules/rule-ops.ts';
import { createRecordingRunner, type RecordingRunner } from './testing/recording-runner.ts';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

function setup(): { engine: Engine; runner: RecordingRunner } {
  let n = 0;
  const runner = createRecordingRunner();
  engine = createEngine({ newId: () => `r${++n}`, runner });
  return { engine, runner };
}

describe('live stats', () => {
  it('go out as rules:stats with only the moved rules; rules:changed stays quiet', async () => {
    const { engine, runner } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80' });
    await engine.addRule({ direction: 'L', spec: '18081:a:80' });
    const lists: RuleView[][] = [];
    const deltas: RuleStatsDelta[] = [];
    engine.onRulesChanged((l) => lists.push(l));
    engine.onRuleStats((d) => deltas.push(d));
    runner.setStats('r2', { open: 1, total: 1, bytesUp: 10 });
    runner.flush(); // nothing moved since: no delta
    runner.setStats('r2', { bytesUp: 20, rateUp: 5 });
    expect(lists).toEqual([]);
    expect(deltas).toEqual([
      [{ id: 'r2', stats: expect.objectContaining({ open: 1, bytesUp: 10 }) }],
      [{ id: 'r2', stats: expect.objectContaining({ bytesUp: 20, rateUp: 5 }) }],
    ]);
  });

  it('rules:changed still carries the latest stats when a state changes', async () => {
    const { engine, runner } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80' });
    runner.setStats('r1', { total: 3 });
    const lists: RuleView[][] = [];
    engine.onRulesChanged((l) => lists.push(l));
    await engine.setEnabled('r1', false);
    expect(lists.at(-1)?.[0]).toMatchObject({ state: 'stopped', stats: { total: 3 } });
  });
});

describe('edit, duplicate, remove and undo', () => {
  it('update restarts a running rule with its new definition and keeps its id', async () => {
    const { engine, runner } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80', name: 'web' });
    const updated = await engine.updateRule('r1', { direction: 'L', spec: '18090:a:80' });
    expect(updated).toMatchObject({
      id: 'r1',
      spec: '18090:a:80',
      enabled: true,
      state: 'listening',
    });
    expect(updated.listenAddress).toBe('127.0.0.1:18090');
    expect(runner.started).toEqual(['r1', 'r1']);
    expect(runner.stopped).toEqual(['r1']);
  });

  it('a bad edit is refused and leaves the running rule as it was', async () => {
    const { engine, runner } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80' });
    await engine.addRule({ direction: 'L', spec: '18081:a:80' });
    await expect(
      engine.updateRule('r1', { direction: 'L', spec: '18081:b:80' }),
    ).rejects.toMatchObject({
      kind: 'DuplicateMapping',
    });
    await expect(engine.updateRule('r1', { direction: 'L', spec: 'nope' })).rejects.toMatchObject({
      kind: 'InvalidSpec',
    });
    expect(engine.listRules()[0]).toMatchObject({ spec: '18080:a:80', state: 'listening' });
    expect(runner.stopped).toEqual([]);
  });

  it('duplicate makes a stopped copy on the next free port', async () => {
    const { engine } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80', name: 'web' });
    await engine.addRule({ direction: 'L', spec: '18081:a:80' });
    const copy = await engine.duplicateRule('r1');
    expect(copy).toMatchObject({
      name: 'web (copy)',
      spec: '18082:a:80',
      enabled: false,
      state: 'stopped',
    });
    const copy2 = await engine.duplicateRule('r2');
    expect(copy2).toMatchObject({ name: '-L 18083:a:80', spec: '18083:a:80' });
  });

  it('restore undoes a remove: same id, started again, back in its profile', async () => {
    const { engine, runner } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80' });
    await engine.addRule({ direction: 'L', spec: '18081:a:80' });
    engine.profiles.save({ name: 'shop-dev', ruleIds: ['r1', 'r2'] });
    await engine.removeRule('r1');
    expect(engine.profiles.list()).toEqual([{ name: 'shop-dev', ruleIds: ['r2'], running: true }]);
    const back = await engine.restoreRule('r1');
    expect(back).toMatchObject({ id: 'r1', state: 'listening' });
    expect(runner.running().sort()).toEqual(['r1', 'r2']);
    expect(engine.profiles.list()[0]?.ruleIds.sort()).toEqual(['r1', 'r2']);
    await expect(engine.restoreRule('r1')).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('a restore that would collide is refused and can be tried again later', async () => {
    const { engine } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80' });
    await engine.removeRule('r1');
    await engine.addRule({ direction: 'L', spec: '18080:b:80' });
    await expect(engine.restoreRule('r1')).rejects.toMatchObject({ kind: 'DuplicateMapping' });
    await engine.removeRule('r2');
    await expect(engine.restoreRule('r1')).resolves.toMatchObject({ id: 'r1' });
  });
});

describe('profiles', () => {
  it('start and stop their rules together and report running', async () => {
    const { engine, runner } = setup();
    for (const p of [18080, 18081, 18082])
      await engine.addRule({ direction: 'L', spec: `${p}:a:80`, enabled: false });
    const seen: ProfileView[][] = [];
    engine.profiles.onChanged((l) => seen.push(l));
    engine.profiles.save({ name: 'shop-dev', ruleIds: ['r1', 'r3'] });
    expect(await engine.profiles.start('shop-dev')).toEqual({
      name: 'shop-dev',
      ruleIds: ['r1', 'r3'],
      running: true,
    });
    expect(runner.running().sort()).toEqual(['r1', 'r3']);
    expect((await engine.profiles.stop('shop-dev')).running).toBe(false);
    expect(runner.running()).toEqual([]);
    expect(seen.map((l) => l[0]?.running)).toEqual([false, true, false]);
  });

  it('refuse unknown rules, unknown profiles and a rename onto an existing name', async () => {
    const { engine } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80', enabled: false });
    expect(() => engine.profiles.save({ name: 'a', ruleIds: ['r9'] })).toThrow(
      /no rule with id "r9"/,
    );
    engine.profiles.save({ name: 'a', ruleIds: ['r1'] });
    engine.profiles.save({ name: 'b', ruleIds: [] });
    expect(() => engine.profiles.save({ name: 'b', ruleIds: [], previousName: 'a' })).toThrow(
      /already exists/,
    );
    engine.profiles.save({ name: 'c', ruleIds: ['r1'], previousName: 'a' });
    expect(engine.profiles.list().map((p) => p.name)).toEqual(['b', 'c']);
    await expect(engine.profiles.start('a')).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('setEnabledMany refuses an unknown id before touching any rule', async () => {
    const { engine, runner } = setup();
    await engine.addRule({ direction: 'L', spec: '18080:a:80', enabled: false });
    await expect(engine.setEnabledMany(['r1', 'zz'], true)).rejects.toMatchObject({
      kind: 'NotFound',
    });
    expect(runner.started).toEqual([]);
  });
});

describe('bounds', () => {
  it('refuses a rule beyond the maximum with a reason', async () => {
    const { engine } = setup();
    for (let i = 0; i < MAX_RULES; i++)
      await engine.addRule({ direction: 'L', spec: `${10000 + i}:a:80`, enabled: false });
    await expect(
      engine.addRule({ direction: 'L', spec: '20000:a:80', enabled: false }),
    ).rejects.toMatchObject({
      kind: 'LimitReached',
      message: `Portside holds at most ${MAX_RULES} rules; remove one before adding another`,
    });
  });
});
