/** Tokens of a Tera `{{ … }}` expression, as far as the subset we render needs them. */

export type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' | '=' | '|' }
  /** Anything outside the subset (`+`, `~`, `==`, `[`, `.`…), kept to name it in the error. */
  | { kind: 'other'; text: string };

export type LexResult =
  | { ok: true; tokens: Token[]; end: number; trimAfter: boolean }
  | { ok: false; error: string; at: number };

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?/y;
const SPACE = /\s+/y;
const QUOTES = new Set(['"', "'", '`']);
const PUNCT = new Set(['(', ')', ',', '=', '|']);

function match(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/** Lexes from `start` (just after `{{`/`{{-`) to the closing `}}`; Tera strings have no escapes. */
export function lexExpression(text: string, start: number): LexResult {
  const tokens: Token[] = [];
  let i = start;
  while (i < text.length) {
    i += match(SPACE, text, i)?.length ?? 0;
    if (text.startsWith('}}', i)) return { ok: true, tokens, end: i + 2, trimAfter: false };
    if (text.startsWith('-}}', i)) return { ok: true, tokens, end: i + 3, trimAfter: true };
    const c = text[i] ?? '';
    if (c === '') break;
    if (QUOTES.has(c)) {
      const close = text.indexOf(c, i + 1);
      if (close < 0)
        return { ok: false, error: `a string opened with ${c} is never closed`, at: i };
      tokens.push({ kind: 'string', text: text.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    if (
      PUNCT.has(c) &&
      !(c === '=' && text[i + 1] === '=') &&
      !(c === '|' && text[i + 1] === '|')
    ) {
      tokens.push({ kind: 'punct', text: c as '(' | ')' | ',' | '=' | '|' });
      i += 1;
      continue;
    }
    const token = wordToken(text, i);
    tokens.push(token);
    i += token.text.length;
  }
  return { ok: false, error: '`{{` is never closed with `}}`', at: start };
}

function wordToken(text: string, at: number): Token {
  const word = match(IDENT, text, at);
  if (word !== undefined) return { kind: 'ident', text: word };
  const num = match(NUMBER, text, at);
  if (num !== undefined) return { kind: 'number', text: num };
  return { kind: 'other', text: otherToken(text, at) };
}

/** One operator-like run (`==`, `~`, `.`), so the error can quote it. */
function otherToken(text: string, at: number): string {
  const run = /[^\sA-Za-z0-9_"'`(),|}]+/y;
  return match(run, text, at) ?? text[at] ?? '';
}
