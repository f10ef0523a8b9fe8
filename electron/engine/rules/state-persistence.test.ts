import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/model.ts';
import { manualClock } from '../clock.ts';
import { createNotices } from './notices.ts';
import { nodeAtomicFs, writeAtomic, type AtomicFs } from './state-file.ts';
import { createPersistence, STATE_FILE } from './state-persistence.ts';
import type { AppState } from './state-schema.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'portside-state-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const rule = (id: string, spec: string, enabled: boolean) => ({
  id,
  name: `rule ${id}`,
  direction: 'L' as const,
  spec,
  enabled,
});
const sample: AppState = {
  rules: [rule('a', '18080:py-serv:80', true), rule('b', '18081:py-serv:80', false)],
  profiles: [{ name: 'shop-dev', ruleIds: ['a', 'b'] }],
  settings: { restoreRunningRules: false, theme: 'dark' },
};

function setup(dir = tempDir(), fs?: AtomicFs) {
  const clock = manualClock(Date.UTC(2026, 11, 5, 12, 53, 0));
  const notices = createNotices(clock);
  const p = createPersistence({ dir, clock, notices, ...(fs ? { fs } : {}) });
  return { dir, clock, notices, p, file: path.join(dir, STATE_FILE) };
}

describe('state persistence', () => {
  it('starts empty without a file and round-trips what it saved', async () => {
    const a = setup();
    expect(a.p.load()).toEqual({ rules: [], profiles: [], settings: DEFAULT_SETTINGS });
    a.p.save(() => sample);
    await a.p.flush();
    expect(JSON.parse(readFileSync(a.file, 'utf8'))).toMatchObject({ version: 2 });
    const b = setup(a.dir);
    expect(b.p.load()).toEqual(sample);
    expect(b.notices.list()).toEqual([]);
  });

  it('debounces saves and writes the latest snapshot', async () => {
    const a = setup();
    let n = 0;
    a.p.save(() => ({ ...sample, rules: [rule('x', `${18000 + ++n}:a:1`, true)] }));
    a.p.save(() => ({ ...sample, rules: [rule('y', '19000:a:1', true)] }));
    a.clock.advance(100);
    await a.p.flush();
    const saved = JSON.parse(readFileSync(a.file, 'utf8')) as AppState;
    expect(saved.rules.map((r) => r.id)).toEqual(['y']);
    expect(n).toBe(0);
  });

  it('does not rewrite the file when nothing saved changed', async () => {
    let writes = 0;
    const counting: AtomicFs = {
      ...nodeAtomicFs,
      writeSynced: async (f, d) => (writes++, nodeAtomicFs.writeSynced(f, d)),
    };
    const a = setup(tempDir(), counting);
    a.p.save(() => sample);
    await a.p.flush();
    a.p.save(() => ({ ...sample }));
    await a.p.flush();
    expect(writes).toBe(1);
  });

  it('keeps the old file whole when a write is interrupted before the rename', async () => {
    const a = setup();
    a.p.save(() => sample);
    await a.p.flush();
    const before = readFileSync(a.file, 'utf8');
    // The "crash": half the data reaches the temp file, then the write dies.
    const crashing: AtomicFs = {
      ...nodeAtomicFs,
      async writeSynced(file, data) {
        writeFileSync(file, data.slice(0, data.length / 2));
        throw new Error('ENOSPC: no space left on device');
      },
    };
    const b = setup(a.dir, crashing);
    b.p.save(() => ({ ...sample, rules: [] }));
    await b.p.flush();
    expect(readFileSync(a.file, 'utf8')).toBe(before);
    expect(readdirSync(a.dir)).toEqual([STATE_FILE]);
    expect(b.notices.list()).toMatchObject([
      { level: 'warning', message: expect.stringContaining('no space left') },
    ]);
  });

  it('ignores and removes a temp file a killed process left behind', async () => {
    const a = setup();
    a.p.save(() => sample);
    await a.p.flush();
    writeFileSync(`${a.file}.tmp-999-1`, '{"version":2,"rul');
    const b = setup(a.dir);
    expect(b.p.load()).toEqual(sample);
    expect(readdirSync(a.dir)).toEqual([STATE_FILE]);
  });

  it('a rename that fails leaves the previous state and no temp file', async () => {
    const dir = tempDir();
    const file = path.join(dir, STATE_FILE);
    writeFileSync(file, 'old');
    const failing: AtomicFs = {
      ...nodeAtomicFs,
      rename: async () => {
        throw new Error('EXDEV');
      },
    };
    await expect(writeAtomic(file, 'new', failing)).rejects.toThrow('EXDEV');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual([STATE_FILE]);
  });

  it('moves a corrupt file aside with a timestamp and says so', () => {
    const a = setup();
    mkdirSync(a.dir, { recursive: true });
    writeFileSync(a.file, '{"version": 2, "rules": [');
    expect(a.p.load().rules).toEqual([]);
    const names = readdirSync(a.dir);
    expect(names).toEqual([`${STATE_FILE}.unreadable-20261205T125300Z`]);
    expect(readFileSync(path.join(a.dir, names[0] as string), 'utf8')).toBe(
      '{"version": 2, "rules": [',
    );
    expect(a.notices.list()).toMatchObject([
      {
        level: 'warning',
        message: expect.stringMatching(/not valid JSON.*kept as .*unreadable-20261205T125300Z/),
      },
    ]);
  });

  it('does not overwrite a file from a newer Portside', () => {
    const a = setup();
    writeFileSync(a.file, JSON.stringify({ version: 7, rules: [] }));
    a.p.load();
    expect(readdirSync(a.dir)).toEqual([`${STATE_FILE}.unreadable-20261205T125300Z`]);
    expect(a.notices.list()[0]?.message).toContain('newer Portside (state version 7)');
  });

  it('keeps the good rules of a file with a bad one, and a copy of the whole file', () => {
    const a = setup();
    const file = {
      version: 2,
      rules: [sample.rules[0], { id: 'z', spec: 5 }],
      profiles: [],
      settings: {},
    };
    writeFileSync(a.file, JSON.stringify(file));
    expect(a.p.load().rules.map((r) => r.id)).toEqual(['a']);
    expect(readdirSync(a.dir).sort()).toEqual([
      STATE_FILE,
      `${STATE_FILE}.invalid-rules-20261205T125300Z`,
    ]);
    expect(a.notices.list()[0]?.message).toMatch(/could not be restored: #2/);
  });

  it('migrates version 1 (running flags, profiles as a map) and keeps the old file beside', async () => {
    const a = setup();
    const v1 = {
      version: 1,
      rules: [
        { id: 'a', direction: 'L', spec: '18080:py-serv:80', running: true },
        { id: 'b', name: 'api', direction: 'L', spec: '18081:api:80', target: 'deploy/api' },
      ],
      profiles: { 'shop-dev': ['a', 'b'] },
    };
    writeFileSync(a.file, JSON.stringify(v1));
    expect(a.p.load()).toEqual({
      rules: [
        { id: 'a', name: '', direction: 'L', spec: '18080:py-serv:80', enabled: true },
        {
          id: 'b',
          name: 'api',
          direction: 'L',
          spec: '18081:api:80',
          target: 'deploy/api',
          enabled: false,
        },
      ],
      profiles: [{ name: 'shop-dev', ruleIds: ['a', 'b'] }],
      settings: DEFAULT_SETTINGS,
    });
    expect(readdirSync(a.dir).sort()).toEqual([STATE_FILE, `${STATE_FILE}.v1-20261205T125300Z`]);
    expect(a.notices.list()).toEqual([]);
    // Rewritten as version 2 once, so the next launch neither migrates nor copies again.
    await a.p.flush();
    expect(JSON.parse(readFileSync(a.file, 'utf8'))).toMatchObject({ version: 2 });
    const b = setup(a.dir);
    b.clock.advance(60_000);
    b.p.load();
    expect(readdirSync(a.dir)).toHaveLength(2);
  });
});
