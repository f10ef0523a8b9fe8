/** Flag occurrences → values, with mirrord's env fallbacks (CLI > env) and clap/mirrord error texts. */
import type { ParseResult } from '../../shared/mirrord-syntax/types.ts';
import { flagDisplay, type FlagDef, type FlagUse } from './argv-tokens.ts';

/** The flags given on the command line, by key. */
export interface Flags {
  has(key: string): boolean;
  one(key: string): string | undefined;
  many(key: string): string[];
  def(key: string): FlagDef | undefined;
}

/** Groups uses by key; a single-value flag given twice is clap's "cannot be used multiple times". */
export function collectFlags(
  uses: readonly FlagUse[],
  bareDefaults: Record<string, string> = {},
): ParseResult<Flags> {
  const values = new Map<string, string[]>();
  const defs = new Map<string, FlagDef>();
  for (const { def, value } of uses) {
    const list = values.get(def.key) ?? [];
    if (list.length > 0 && def.arity !== 'many') {
      return {
        ok: false,
        error: `error: the argument '${flagDisplay(def)}' cannot be used multiple times`,
      };
    }
    list.push(value ?? bareDefaults[def.key] ?? 'true');
    values.set(def.key, list);
    defs.set(def.key, def);
  }
  return {
    ok: true,
    value: {
      has: (key) => values.has(key),
      one: (key) => values.get(key)?.[0],
      many: (key) => values.get(key) ?? [],
      def: (key) => defs.get(key),
    },
  };
}

/** A value and where it came from, able to phrase "this value is invalid" for its source. */
export interface Setting<T> {
  value: T;
  invalid(reason: string): string;
}

export type Field<T> = ParseResult<T | undefined>;
type Values<R> = { [K in keyof R]: R[K] extends Field<infer T> ? T | undefined : never };

const U16 = /^\+?[0-9]+$/;

function u16(s: Setting<string>, fromEnv: boolean): Field<number> {
  if (!U16.test(s.value)) return { ok: false, error: s.invalid('invalid digit found in string') };
  const n = Number(s.value);
  if (n <= 65535) return { ok: true, value: n };
  // clap checks a range; Rust's `u16::from_str` (mirrord's env parsing) overflows.
  return {
    ok: false,
    error: s.invalid(
      fromEnv ? 'number too large to fit in target type' : `${s.value} is not in 0..=65535`,
    ),
  };
}

/** Reads settings flag-first, then from `env` (empty variables count as unset). */
export function settingReader(flags: Flags, env: Readonly<Record<string, string | undefined>>) {
  const raw = (
    key: string,
    envName?: string,
  ): (Setting<string> & { fromEnv: boolean }) | undefined => {
    const cli = flags.one(key);
    const def = flags.def(key);
    if (cli !== undefined && def) {
      return {
        value: cli,
        fromEnv: false,
        invalid: (why) => `error: invalid value '${cli}' for '${flagDisplay(def)}': ${why}`,
      };
    }
    const e = envName ? env[envName] : undefined;
    if (!envName || e === undefined || e === '') return undefined;
    // mirrord's ConfigError::InvalidValue wording.
    return {
      value: e,
      fromEnv: true,
      invalid: (why) => `error: invalid ${envName} value \`${e}\`: ${why}`,
    };
  };
  return {
    raw,
    text: (key: string, envName?: string): Field<string> => ({
      ok: true,
      value: raw(key, envName)?.value,
    }),
    u16(key: string, envName: string): Field<number> {
      const s = raw(key, envName);
      return s ? u16(s, s.fromEnv) : { ok: true, value: undefined };
    },
    /** A boolean; `inverted` flags (`--no-telemetry`) mean false when present. */
    bool(key: string, envName: string, inverted = false): Field<boolean> {
      const s = raw(key, envName);
      if (!s) return { ok: true, value: undefined };
      if (s.value !== 'true' && s.value !== 'false') {
        const why = s.fromEnv
          ? 'provided string was not `true` or `false`'
          : '[possible values: true, false]';
        return { ok: false, error: s.invalid(why) };
      }
      return { ok: true, value: (s.value === 'true') !== (inverted && !s.fromEnv) };
    },
    /** The first error among the fields, else their values. */
    finish<R extends Record<string, Field<unknown>>>(fields: R): ParseResult<Values<R>> {
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(fields)) {
        if (!f.ok) return f;
        out[k] = f.value;
      }
      return { ok: true, value: out as Values<R> };
    },
  };
}
