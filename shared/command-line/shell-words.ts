/**
 * Splits a pasted shell command line into words the way a POSIX shell would for the parts people
 * paste: single and double quotes, backslash escapes, `\`-newline continuations, a leading `$ `
 * prompt. No expansion ($VAR stays literal), no pipes or redirections.
 */
import type { ParseResult } from '../mirrord-syntax/types.ts';

type Mode = 'plain' | 'single' | 'double';

/** Words of one command line; an unterminated quote is an error in words. */
export function shellWords(text: string): ParseResult<string[]> {
  const src = text.replace(/\r\n?/g, '\n').replace(/^\s*\$\s+/, '');
  const words: string[] = [];
  let word: string | null = null;
  let mode: Mode = 'plain';
  for (let i = 0; i < src.length; i++) {
    const ch = src.charAt(i);
    const next = src.charAt(i + 1);
    if (mode === 'single') {
      if (ch === "'") mode = 'plain';
      else word += ch;
      continue;
    }
    if (ch === '\\' && next === '\n') {
      i++; // a continuation joins the lines and separates nothing
      continue;
    }
    if (mode === 'double') {
      if (ch === '"') mode = 'plain';
      else if (ch === '\\' && '"\\$`'.includes(next) && next !== '') word += src.charAt(++i);
      else word += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'" || ch === '"') {
      word ??= '';
      mode = ch === "'" ? 'single' : 'double';
    } else if (ch === '\\') {
      word = (word ?? '') + next;
      i++;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (mode !== 'plain') {
    const q = mode === 'single' ? "'" : '"';
    return { ok: false, error: `The command line has an unterminated ${q} quote` };
  }
  if (word !== null) words.push(word);
  return { ok: true, value: words };
}
