/** Config file formats chosen by extension exactly as mirrord does, and their parsers. */
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseDocument } from 'yaml';
import type { ParseResult } from '../mirrord-syntax/types.ts';
import { lineOf } from './template.ts';
import { errorText } from '../errors.ts';

export type ConfigFormat = 'json' | 'toml' | 'yaml';

/** Rust's `Path::extension`: none for `name`, `.hidden` and `-`; `''` for `name.`. */
function extension(fileName: string): string | undefined {
  const name =
    fileName
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ?? '';
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || name === '..') return undefined;
  return name.slice(dot + 1);
}

/** `.json` or no extension (and `-`, stdin) → JSON, `.toml`, `.yaml`/`.yml`; case-sensitive like mirrord. */
export function formatOf(fileName: string): ParseResult<ConfigFormat> {
  const ext = extension(fileName);
  if (ext === undefined || ext === 'json') return { ok: true, value: 'json' };
  if (ext === 'toml') return { ok: true, value: 'toml' };
  if (ext === 'yaml' || ext === 'yml') return { ok: true, value: 'yaml' };
  // mirrord's FromFileError::InvalidExtension wording.
  return {
    ok: false,
    error: `the file has an invalid extension \`${ext}\`, must have one of: json, toml, yml, yaml`,
  };
}

const firstLine = (s: string): string => (s.split('\n')[0] ?? '').trim();

function parseJson(text: string): ParseResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const message = errorText(e);
    const at = /at position (\d+)/.exec(message);
    const where = at ? `line ${lineOf(text, Number(at[1]))}: ` : '';
    return {
      ok: false,
      error: `${where}invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
    };
  }
}

function parseTomlText(text: string): ParseResult<unknown> {
  try {
    return { ok: true, value: parseToml(text) };
  } catch (e) {
    if (e instanceof TomlError) {
      const what = firstLine(e.message).replace(/^Invalid TOML document: /, '');
      return { ok: false, error: `line ${e.line}, column ${e.column}: invalid TOML: ${what}` };
    }
    return {
      ok: false,
      error: `invalid TOML: ${firstLine(errorText(e))}`,
    };
  }
}

function parseYaml(text: string): ParseResult<unknown> {
  try {
    // One document, unique keys (serde rejects duplicates), aliases bounded by the library.
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, logLevel: 'error' });
    const problem = doc.errors[0];
    if (problem) {
      const line = problem.linePos?.[0].line;
      const text = firstLine(problem.message).replace(/ at line \d+, column \d+:?$/, '');
      return { ok: false, error: `${line ? `line ${line}: ` : ''}invalid YAML: ${text}` };
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    return { ok: true, value: value ?? {} };
  } catch (e) {
    return {
      ok: false,
      error: `invalid YAML: ${firstLine(errorText(e))}`,
    };
  }
}

/** Parses rendered text; errors name the line (of the rendered text). Never throws. */
export function parseConfigText(text: string, format: ConfigFormat): ParseResult<unknown> {
  if (format === 'json') return parseJson(text);
  if (format === 'toml') return parseTomlText(text);
  return parseYaml(text);
}
