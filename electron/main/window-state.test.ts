import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isVisible, placement, windowStateStore } from './window-state.ts';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };
const right = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('window placement', () => {
  it('keeps a position some display shows, on any monitor', () => {
    const saved = { x: 2000, y: 50, width: 900, height: 600 };
    expect(placement(saved, [screen, right])).toEqual(saved);
  });

  it('drops a position no display shows any more (monitor unplugged), keeping the size', () => {
    const saved = { x: 2000, y: 50, width: 900, height: 600, maximized: true };
    expect(placement(saved, [screen])).toEqual({ width: 900, height: 600, maximized: true });
  });

  it('needs the title bar on screen, not just a corner', () => {
    expect(isVisible({ x: -880, y: 10, width: 900, height: 600 }, [screen])).toBe(false);
    expect(isVisible({ x: 100, y: -20, width: 900, height: 600 }, [screen])).toBe(false);
    expect(isVisible({ x: -800, y: 10, width: 900, height: 600 }, [screen])).toBe(true);
  });

  it('has nothing to say without a saved placement', () => {
    expect(placement(undefined, [screen])).toEqual({});
  });
});

describe('windowStateStore', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dir = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'portside-win-'));
    dirs.push(d);
    return d;
  };

  it('round-trips bounds, and treats a damaged or absurd file as no placement', () => {
    const d = dir();
    const logs: string[] = [];
    const store = windowStateStore(d, (m) => logs.push(m));
    expect(store.load()).toBeUndefined();
    store.save({ x: 10.4, y: 20, width: 800, height: 600 }, true);
    expect(store.load()).toEqual({ x: 10, y: 20, width: 800, height: 600, maximized: true });
    writeFileSync(path.join(d, 'window-state.json'), '{"x":1');
    expect(store.load()).toBeUndefined();
    store.save({ x: 0, y: 0, width: 5, height: 5 }, false);
    expect(readFileSync(path.join(d, 'window-state.json'), 'utf8')).toBe('{"x":1');
    expect(logs).toEqual([]);
  });
});
