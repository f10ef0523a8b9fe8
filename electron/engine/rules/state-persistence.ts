/**
 * Rules, profiles and settings kept in `<stateDir>/state.json` (schema-versioned, written
 * atomically, see state-file.ts). Saves are debounced and never overlap. Whatever cannot be used
 * is kept beside the file with a timestamp and reported as a notice; nothing is silently dropped.
 */
import path from 'node:path';
import { errorText } from '../../../shared/errors.ts';
import { DEFAULT_SETTINGS } from '../../../shared/model.ts';
import type { Notices } from '../api/engine.ts';
import type { Clock } from '../clock.ts';
import {
  copyAside,
  moveAside,
  nodeAtomicFs,
  readState,
  removeStaleTemps,
  writeAtomic,
  type AtomicFs,
} from './state-file.ts';
import { decodeState, encodeState, type AppState } from './state-schema.ts';

export const STATE_FILE = 'state.json';

export interface PersistenceDeps {
  dir: string;
  clock: Clock;
  notices: Notices;
  fs?: AtomicFs;
  debounceMs?: number;
}

export interface Persistence {
  readonly file: string;
  /** Reads the state (empty when there is none); problems become notices, never throws. */
  load(): AppState;
  /** Schedules a save of what `snapshot` returns at write time. */
  save(snapshot: () => AppState): void;
  /** Writes a pending save now; resolves when nothing is left to write. */
  flush(): Promise<void>;
  /** Copies the file aside (some of what it holds could not be used); returns the copy's path. */
  keepCopy(label: string): string | undefined;
}

const empty = (): AppState => ({ rules: [], profiles: [], settings: { ...DEFAULT_SETTINGS } });

export function createPersistence(deps: PersistenceDeps): Persistence {
  const file = path.join(deps.dir, STATE_FILE);
  const fs = deps.fs ?? nodeAtomicFs;
  let pending: (() => AppState) | undefined;
  let cancel: (() => void) | undefined;
  let writing: Promise<void> = Promise.resolve();
  /** Set when an unusable file could not be moved aside: saving would destroy it. */
  let frozen = false;
  let failedBefore = false;
  let lastWritten: string | undefined;

  const warn = (message: string): void => void deps.notices.add('warning', message);

  function quarantine(why: string): AppState {
    try {
      const aside = moveAside(file, 'unreadable', deps.clock.now());
      warn(
        `Saved rules could not be read (${why}). The file was kept as ${aside}; starting with no rules.`,
      );
    } catch (err) {
      frozen = true;
      warn(
        `Saved rules could not be read (${why}) nor moved aside (${errorText(err)}). ` +
          `Changes will not be saved until ${file} is fixed or removed.`,
      );
    }
    return empty();
  }

  function load(): AppState {
    removeStaleTemps(file);
    const read = readState(file);
    if (read.kind === 'missing') return empty();
    if (read.kind === 'unreadable') return quarantine(read.why);
    let decoded;
    try {
      decoded = decodeState(JSON.parse(read.text) as unknown);
    } catch (err) {
      return quarantine(
        err instanceof SyntaxError ? `not valid JSON: ${err.message}` : errorText(err),
      );
    }
    const { state } = decoded;
    if (decoded.badRules.length) {
      const aside = copyAside(file, 'invalid-rules', deps.clock.now());
      const which = decoded.badRules.map((b) => `#${b.index + 1} (${b.why})`).join('; ');
      warn(`Some saved rules could not be restored: ${which}. The file was copied to ${aside}.`);
    }
    if (decoded.migratedFrom !== undefined)
      copyAside(file, `v${decoded.migratedFrom}`, deps.clock.now());
    // Rewrite in the current form at once, so the copies above are made once, not every launch.
    if (decoded.badRules.length || decoded.migratedFrom !== undefined) save(() => state);
    return state;
  }

  function writeNow(): Promise<void> {
    cancel = undefined;
    const snapshot = pending;
    pending = undefined;
    if (!snapshot || frozen) return writing;
    writing = writing.then(async () => {
      const text = encodeState(snapshot());
      // Rule states change often (listening, reconnecting) but are not saved: skip equal writes.
      if (text === lastWritten) return;
      try {
        await writeAtomic(file, text, fs);
        lastWritten = text;
        failedBefore = false;
      } catch (err) {
        // One notice per run of failures; the next change tries again.
        if (!failedBefore) warn(`Could not save rules to ${file}: ${errorText(err)}`);
        failedBefore = true;
      }
    });
    return writing;
  }

  function save(snapshot: () => AppState): void {
    pending = snapshot;
    if (!cancel) cancel = deps.clock.setTimeout(() => void writeNow(), deps.debounceMs ?? 100);
  }

  return {
    file,
    load,
    save,
    keepCopy(label) {
      try {
        return copyAside(file, label, deps.clock.now());
      } catch {
        return undefined;
      }
    },
    async flush() {
      cancel?.();
      await writeNow();
    },
  };
}
