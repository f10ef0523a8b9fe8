/**
 * A small clap-compatible argv reader: `--long v`, `--long=v`, `-s v`, `-sv`, `-s=v`, clustered
 * boolean shorts (`-ec`), flags with an optional value (`-f [PATH]`) and `require_equals` values
 * (`-c[=BOOL]`). Messages follow clap 4's wording, one line each.
 */

/** How a flag takes its value. */
export type FlagArity =
  | 'none' // boolean switch
  | 'one' // exactly one value
  | 'many' // one value per occurrence, repeatable
  | 'optional' // `num_args = 0..=1`: the next token is taken when it is not a flag
  | 'equals'; // `require_equals`: a value only as `--flag=v` / `-f=v`

export interface FlagDef {
  key: string;
  long: string;
  short?: string;
  aliases?: readonly string[];
  arity: FlagArity;
  /** Clap's value name, shown in errors (`--target <TARGET>`). */
  valueName?: string;
}

/** One occurrence on the command line; `value` is undefined for switches and bare optional flags. */
export interface FlagUse {
  def: FlagDef;
  value?: string;
}

export type TokenResult = { ok: true; uses: FlagUse[] } | { ok: false; error: string };

/** The name clap prints for a flag in errors: `--target <TARGET>`, `--config-file [<CONFIG_FILE>]`. */
export function flagDisplay(def: FlagDef): string {
  const v = def.valueName ?? def.key.toUpperCase();
  switch (def.arity) {
    case 'none':
      return `--${def.long}`;
    case 'optional':
      return `--${def.long} [<${v}>]`;
    case 'equals':
      return `--${def.long}[=<${v}>]`;
    default:
      return `--${def.long} <${v}>`;
  }
}

// clap takes a following token as a value unless it looks like a flag; a lone `-` is a value (stdin).
const isValueToken = (t: string | undefined): t is string =>
  t !== undefined && (t === '-' || !t.startsWith('-'));

const missingValue = (def: FlagDef): string =>
  `error: a value is required for '${flagDisplay(def)}' but none was supplied`;

class Reader {
  readonly uses: FlagUse[] = [];
  i = 0;
  constructor(
    readonly argv: readonly string[],
    readonly defs: readonly FlagDef[],
  ) {}

  /** Takes the value of `def` given `inline` text after the flag; returns an error text or undefined. */
  take(def: FlagDef, inline: string | undefined): string | undefined {
    if (def.arity === 'none') {
      if (inline !== undefined)
        return `error: unexpected value '${inline}' for '--${def.long}' found; no more were expected`;
      this.uses.push({ def });
      return undefined;
    }
    if (def.arity === 'equals' || inline !== undefined) {
      if (inline === '' && def.arity !== 'optional') return missingValue(def);
      this.uses.push(inline === undefined ? { def } : { def, value: inline });
      return undefined;
    }
    const next = this.argv[this.i + 1];
    if (isValueToken(next)) {
      this.i += 1;
      this.uses.push({ def, value: next });
      return undefined;
    }
    if (def.arity === 'optional') {
      this.uses.push({ def });
      return undefined;
    }
    return missingValue(def);
  }

  long(token: string): string | undefined {
    const eq = token.indexOf('=');
    const name = eq < 0 ? token.slice(2) : token.slice(2, eq);
    const def = this.defs.find((d) => d.long === name || d.aliases?.includes(name));
    if (!def) return `error: unexpected argument '--${name}' found`;
    return this.take(def, eq < 0 ? undefined : token.slice(eq + 1));
  }

  short(token: string): string | undefined {
    for (let j = 1; j < token.length; j += 1) {
      const ch = token[j] ?? '';
      const def = this.defs.find((d) => d.short === ch);
      if (!def) return `error: unexpected argument '-${ch}' found`;
      if (def.arity === 'none') {
        const err = this.take(def, undefined);
        if (err) return err;
        continue;
      }
      const rest = token.slice(j + 1);
      if (def.arity === 'equals' && !rest.startsWith('=')) {
        this.uses.push({ def }); // bare `-c` inside a cluster: true, and keep reading the cluster
        continue;
      }
      return this.take(def, rest === '' ? undefined : rest.replace(/^=/, ''));
    }
    return undefined;
  }
}

/** Splits argv into flag uses; the first unknown flag, stray word or missing value is an error. */
export function readFlags(argv: readonly string[], defs: readonly FlagDef[]): TokenResult {
  const r = new Reader(argv, defs);
  for (; r.i < argv.length; r.i += 1) {
    const token = argv[r.i] ?? '';
    let error: string | undefined;
    if (token === '--')
      error =
        argv.length > r.i + 1 ? `error: unexpected argument '${argv[r.i + 1]}' found` : undefined;
    else if (token.startsWith('--')) error = r.long(token);
    else if (token.startsWith('-') && token !== '-') error = r.short(token);
    else error = `error: unexpected argument '${token}' found`;
    if (error) return { ok: false, error };
    if (token === '--') break;
  }
  return { ok: true, uses: r.uses };
}
