/**
 * Where in the file a parse error is: the parser's own line (and column, when it gives one), else
 * the first place the key path the message names is written. Positions are 1-based.
 */
import { parseDocument } from 'yaml';
import type { ConfigFormat } from './file-format.ts';

export interface Located {
  line?: number;
  column?: number;
  /** The message without its `line N[, column M]:` prefix. */
  message: string;
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** The syntax error position the JSON or YAML parser reports for `text`, if it has one. */
function syntaxPosition(
  text: string,
  format: ConfigFormat,
): { line: number; column: number } | undefined {
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (e) {
      const message = String((e as { message?: unknown }).message ?? '');
      const lc = /\(line (\d+) column (\d+)\)/.exec(message);
      if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
      const at = /at position (\d+)/.exec(message);
      if (at) return lineColumnAt(text, Number(at[1]));
      if (/end of (JSON )?input/i.test(message)) return lineColumnAt(text, text.trimEnd().length);
    }
    return undefined;
  }
  if (format === 'yaml') {
    const pos = parseDocument(text, { uniqueKeys: true, logLevel: 'error' }).errors[0]
      ?.linePos?.[0];
    return pos ? { line: pos.line, column: pos.col } : undefined;
  }
  return undefined;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The offset where `key` is written as a key (`"key"`, `key:`, `key =`, `[a.key]`), from `from`. */
function keyOffset(text: string, key: string, from: number): number | undefined {
  const re = new RegExp(`(^|[^A-Za-z0-9_-])"?(${escape(key)})"?\\s*[:=\\].]`, 'gm');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index + (m[1] ?? '').length : undefined;
}

/** The position of the first backticked key path in `message` (`feature.network.incomng`). */
function keyPathPosition(
  message: string,
  text: string,
): { line: number; column: number } | undefined {
  const path = /`([A-Za-z_][A-Za-z0-9_.[\]-]*)`/.exec(message)?.[1];
  if (!path) return undefined;
  let at = 0;
  let found: number | undefined;
  for (const key of path
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter(Boolean)) {
    const next = keyOffset(text, key, at);
    if (next === undefined) break;
    found = next;
    at = next + key.length;
  }
  return found === undefined ? undefined : lineColumnAt(text, found);
}

/** Splits a parse error into its position and its words. */
export function locateError(error: string, text: string, format: ConfigFormat): Located {
  const both = /^line (\d+), column (\d+): ([\s\S]*)$/.exec(error);
  if (both) return { line: Number(both[1]), column: Number(both[2]), message: both[3] ?? '' };
  const lineOnly = /^line (\d+): ([\s\S]*)$/.exec(error);
  if (lineOnly) {
    const line = Number(lineOnly[1]);
    const message = lineOnly[2] ?? '';
    const syntax = syntaxPosition(text, format);
    if (syntax && syntax.line === line) return { ...syntax, message };
    const source = text.split('\n')[line - 1] ?? '';
    const template = source.search(/\{[{%#]/);
    const column = template >= 0 ? template + 1 : source.search(/\S/) + 1 || 1;
    return { line, column, message };
  }
  // A syntax error the parser gave no line for (JSON's "unexpected end of input").
  const syntax = /^invalid (JSON|YAML):/.test(error) ? syntaxPosition(text, format) : undefined;
  if (syntax) return { ...syntax, message: error };
  const pos = keyPathPosition(error, text);
  return pos ? { ...pos, message: error } : { message: error };
}
