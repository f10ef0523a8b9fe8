/** A small reader for `--long v`, `--long=v`, `-s v`, `-sv`, `-s=v` over pasted words. */
import type { ParseResult } from '../mirrord-syntax/types.ts';

export interface FlagSpec {
  key: string;
  long: string;
  short?: string;
  aliases?: readonly string[];
  /** false: a boolean switch; true: takes one value per occurrence. */
  value: boolean;
}

export interface ReadFlags {
  flags: { key: string; value?: string }[];
  positionals: string[];
}

function findFlag(specs: readonly FlagSpec[], word: string): { spec?: FlagSpec; inline?: string } {
  if (word.startsWith('--')) {
    const [name = '', ...rest] = word.slice(2).split('=');
    const spec = specs.find((s) => s.long === name || (s.aliases ?? []).includes(name));
    return { spec, inline: rest.length ? rest.join('=') : undefined };
  }
  const spec = specs.find((s) => s.short === word.charAt(1));
  const tail = word.slice(2);
  return { spec, inline: tail === '' ? undefined : tail.replace(/^=/, '') };
}

/** Reads words into flags and positionals; an unknown flag or a missing value is an error. */
export function readFlags(
  words: readonly string[],
  specs: readonly FlagSpec[],
): ParseResult<ReadFlags> {
  const out: ReadFlags = { flags: [], positionals: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') {
      out.positionals.push(...words.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      out.positionals.push(word);
      continue;
    }
    const { spec, inline } = findFlag(specs, word);
    if (!spec) return { ok: false, error: `error: unexpected argument '${word}' found` };
    if (!spec.value) {
      out.flags.push({ key: spec.key });
      continue;
    }
    const value = inline ?? (words[i + 1]?.startsWith('-') ? undefined : words[++i]);
    if (value === undefined) {
      return {
        ok: false,
        error: `error: a value is required for '--${spec.long}' but none was supplied`,
      };
    }
    out.flags.push({ key: spec.key, value });
  }
  return { ok: true, value: out };
}

/** The last value given for a flag (later flags win, as in clap and kubectl). */
export function lastValue(read: ReadFlags, key: string): string | undefined {
  return read.flags.filter((f) => f.key === key).at(-1)?.value;
}

/** Every value given for a repeatable flag, in order. */
export function allValues(read: ReadFlags, key: string): string[] {
  return read.flags.filter((f) => f.key === key).map((f) => f.value ?? '');
}
