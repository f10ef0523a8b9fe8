/**
 * One JSON file written atomically: a temp file beside it is written and fsynced, then renamed
 * over the old one and the folder fsynced, so a crash or a full disk leaves either the old file or
 * the new one, never a mix. A file that cannot be used is moved aside with a timestamp (never
 * deleted) so the user can recover it.
 */
import {
  closeSync,
  copyFileSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { errorText } from '../../../shared/errors.ts';

export const MAX_STATE_BYTES = 8 * 1024 * 1024;

/** The file operations a write needs; tests replace one to simulate a crash or a full disk. */
export interface AtomicFs {
  /** Writes `data` to a new file and fsyncs it before resolving. */
  writeSynced(file: string, data: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Makes a rename durable (fsync of the folder). */
  syncDir(dir: string): Promise<void>;
  remove(file: string): Promise<void>;
}

export const nodeAtomicFs: AtomicFs = {
  async writeSynced(file, data) {
    const fh = await open(file, 'wx', 0o600);
    try {
      await fh.writeFile(data, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename: (from, to) => rename(from, to),
  async syncDir(dir) {
    // Not every platform can open a folder for fsync (Windows); the rename is still atomic there.
    try {
      const fd = openSync(dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      /* best effort */
    }
  },
  remove: (file) => rm(file, { force: true }),
};

let tmpSeq = 0;

/** Replaces `file` with `data` atomically; on failure the old file is untouched and no temp stays. */
export async function writeAtomic(
  file: string,
  data: string,
  fs: AtomicFs = nodeAtomicFs,
): Promise<void> {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}-${++tmpSeq}`;
  try {
    await fs.writeSynced(tmp, data);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.remove(tmp).catch(() => undefined);
    throw err;
  }
  await fs.syncDir(dir);
}

/** Removes temp files a crashed write left beside `file`. */
export function removeStaleTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith(prefix)) rmSync(path.join(dir, n), { force: true });
}

export type ReadResult =
  { kind: 'missing' } | { kind: 'ok'; text: string } | { kind: 'unreadable'; why: string };

/** Reads the file; anything but "absent" or "read" (too big, not a file, no access) is unreadable. */
export function readState(file: string): ReadResult {
  try {
    const st = statSync(file);
    if (!st.isFile()) return { kind: 'unreadable', why: 'it is not a regular file' };
    if (st.size > MAX_STATE_BYTES)
      return { kind: 'unreadable', why: `it is larger than ${MAX_STATE_BYTES / 1024 / 1024} MB` };
    return { kind: 'ok', text: readFileSync(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', why: errorText(err) };
  }
}

function asidePath(file: string, label: string, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let target = `${file}.${label}-${stamp}`;
  for (let n = 2; exists(target); n++) target = `${file}.${label}-${stamp}-${n}`;
  return target;
}

/** `state.json` → `state.json.corrupt-20261205T125300Z`; returns the new path. */
export function moveAside(file: string, label: string, now: number): string {
  const target = asidePath(file, label, now);
  renameSync(file, target);
  return target;
}

/** Like moveAside, but the file stays in place too (part of it is still used). */
export function copyAside(file: string, label: string, now: number): string {
  const target = asidePath(file, label, now);
  copyFileSync(file, target);
  return target;
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
