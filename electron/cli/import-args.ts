/** `portside import FILE [--json] [--save] [--state-dir DIR]`: argv → options, clap-style errors. */
import type { ParseResult } from '../../shared/mirrord-syntax/types.ts';

export interface ImportOptions {
  file: string;
  json: boolean;
  save: boolean;
  stateDir?: string;
  help: boolean;
}

export const IMPORT_USAGE = `usage: portside import FILE [--json] [--save] [--state-dir DIR]

Shows what importing a mirrord config file (.json or no extension, .toml, .yaml/.yml) would create:
its target, namespace and context, the proposed rules, the keys Portside ignores and why, and the
template values taken from the environment. Nothing is created without --save.

options:
  --json             one JSON object per line: {"type":"rule",…} per rule, {"type":"ignored",…} per key
  --save             add the rules (stopped) as a profile named after the file or its folder
  --state-dir <DIR>  where rules and profiles are kept (default: the app's own folder)
  -h, --help         this help`;

const err = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Reads the flags; the one positional argument is the file (`-` reads stdin). */
export function parseImportArgs(argv: readonly string[]): ParseResult<ImportOptions> {
  const out: Omit<ImportOptions, 'file'> & { file?: string } = {
    json: false,
    save: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--json') out.json = true;
    else if (token === '--save') out.save = true;
    else if (token === '-h' || token === '--help') out.help = true;
    else if (token === '--state-dir' || token.startsWith('--state-dir=')) {
      const value = token === '--state-dir' ? argv[++i] : token.slice('--state-dir='.length);
      if (value === undefined || value === '' || value.startsWith('--'))
        return err("error: a value is required for '--state-dir <DIR>' but none was supplied");
      out.stateDir = value;
    } else if (token.startsWith('-') && token !== '-')
      return err(`error: unexpected argument '${token}' found`);
    else if (out.file !== undefined)
      return err(`error: unexpected argument '${token}' found (one file at a time)`);
    else out.file = token;
  }
  if (out.help) return { ok: true, value: { ...out, file: out.file ?? '' } };
  if (out.file === undefined)
    return err('error: the file to import is missing: portside import FILE');
  if (out.stateDir !== undefined && !out.save)
    return err('error: --state-dir only matters with --save (nothing is written without it)');
  return { ok: true, value: { ...out, file: out.file } };
}
