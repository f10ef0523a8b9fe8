import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from './api/engine.ts';
import { createEngine } from './create-engine.ts';
import { createRecordingRunner, type RecordingRunner } from './testing/recording-runner.ts';

const dirs: string[] = [];
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function launch(stateDir: string): { engine: Engine; runner: RecordingRunner } {
  let n = 0;
  const runner = createRecordingRunner();
  const engine = createEngine({ newId: () => `r${++n}-${Date.now()}`, runner, stateDir });
  engines.push(engine);
  return { engine, runner };
}

const quit = async (engine: Engine): Promise<void> => {
  engines.splice(engines.indexOf(engine), 1);
  await engine.dispose();
};

function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'portside-engine-state-'));
  dirs.push(d);
  return d;
}

describe('engine state across launches', () => {
  it('brings rules and profiles back and starts the ones that were running', async () => {
    const dir = tempDir();
    const first = launch(dir);
    const a = await first.engine.addRule({ direction: 'L', spec: '18080:a:80', name: 'web' });
    const b = await first.engine.addRule({ direction: 'L', spec: '18081:a:80', enabled: false });
    first.engine.profiles.save({ name: 'shop-dev', ruleIds: [a.id, b.id] });
    await quit(first.engine);

    const second = launch(dir);
    expect(second.engine.listRules()).toMatchObject([
      { id: a.id, name: 'web', enabled: true, state: 'listening' },
      { id: b.id, enabled: false, state: 'stopped' },
    ]);
    expect(second.runner.started).toEqual([a.id]);
    expect(second.engine.profiles.list()).toEqual([
      { name: 'shop-dev', ruleIds: [a.id, b.id], running: false },
    ]);
    expect(second.engine.stateDir).toBe(dir);
  });

  it('with "restore running rules" off, rules come back stopped', async () => {
    const dir = tempDir();
    const first = launch(dir);
    await first.engine.addRule({ direction: 'L', spec: '18080:a:80' });
    first.engine.settings.set({ restoreRunningRules: false });
    await quit(first.engine);
    const second = launch(dir);
    expect(second.engine.settings.get().restoreRunningRules).toBe(false);
    expect(second.engine.listRules()).toMatchObject([{ enabled: false, state: 'stopped' }]);
    expect(second.runner.started).toEqual([]);
  });

  it('a corrupt file: the engine starts, keeps the file aside and says so', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'state.json'), 'not json at all');
    const { engine } = launch(dir);
    expect(engine.listRules()).toEqual([]);
    expect(engine.notices.list()).toMatchObject([{ level: 'warning' }]);
    expect(readdirSync(dir).some((n) => n.startsWith('state.json.unreadable-'))).toBe(true);
    // The next save writes a fresh file; the one kept aside stays.
    await engine.addRule({ direction: 'L', spec: '18080:a:80' });
    await quit(engine);
    expect(readdirSync(dir).sort()).toEqual([
      'state.json',
      expect.stringMatching(/^state\.json\.unreadable-/),
    ]);
  });

  it('saved rules that collide are reported and the file is copied before they go', async () => {
    const dir = tempDir();
    const rules = [
      { id: 'x', name: 'one', direction: 'L', spec: '18080:a:80', enabled: false },
      { id: 'y', name: 'two', direction: 'L', spec: '18080:b:80', enabled: false },
    ];
    writeFileSync(
      path.join(dir, 'state.json'),
      JSON.stringify({ version: 2, rules, profiles: [], settings: {} }),
    );
    const { engine } = launch(dir);
    expect(engine.listRules().map((r) => r.id)).toEqual(['x']);
    expect(engine.notices.list()[0]?.message).toMatch(
      /"two" \(multiple port forwarding mappings.*\)\. The file was copied to/,
    );
    expect(readdirSync(dir).some((n) => n.startsWith('state.json.unrestored-rules-'))).toBe(true);
  });
});
