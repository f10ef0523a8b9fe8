/**
 * The main window's size and position, remembered across launches in `<userData>/window-state.json`
 * (Electron-free so it is tested without the binary). A saved position that no display shows any
 * more (monitor unplugged) is dropped, keeping the size, so the window never opens off-screen.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorText } from '../../shared/errors.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const SavedSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean().optional(),
});
export type SavedWindow = z.infer<typeof SavedSchema>;

/** What to pass to `new BrowserWindow`: size always, position only when a display shows it. */
export type WindowPlacement = Partial<Rect> & { maximized?: boolean };

/** Enough of the title bar must lie on one display's work area to be grabbed. */
const GRAB = 48;

export function isVisible(r: Rect, workAreas: Rect[]): boolean {
  return workAreas.some(
    (a) =>
      r.x + r.width - GRAB >= a.x &&
      r.x + GRAB <= a.x + a.width &&
      r.y >= a.y &&
      r.y + GRAB <= a.y + a.height,
  );
}

export function placement(saved: SavedWindow | undefined, workAreas: Rect[]): WindowPlacement {
  if (!saved) return {};
  const { maximized, ...rect } = saved;
  const size = { width: rect.width, height: rect.height, ...(maximized ? { maximized } : {}) };
  return isVisible(rect, workAreas) ? { ...size, x: rect.x, y: rect.y } : size;
}

export interface WindowStateStore {
  load(): SavedWindow | undefined;
  save(bounds: Rect, maximized: boolean): void;
}

/** A store in `dir`; an unreadable file only means "no saved placement" (it is rewritten). */
export function windowStateStore(dir: string, log: (m: string) => void): WindowStateStore {
  const file = path.join(dir, 'window-state.json');
  return {
    load() {
      try {
        const parsed = SavedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    save(bounds, maximized) {
      const r = SavedSchema.safeParse({ ...roundRect(bounds), maximized });
      if (!r.success) return;
      // Written while the window closes: synchronous, and atomic (temp + rename).
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(`${file}.tmp`, JSON.stringify(r.data));
        renameSync(`${file}.tmp`, file);
      } catch (err) {
        log(`could not remember the window position: ${errorText(err)}`);
      }
    },
  };
}

const roundRect = (r: Rect): Rect => ({
  x: Math.round(r.x),
  y: Math.round(r.y),
  width: Math.round(r.width),
  height: Math.round(r.height),
});
