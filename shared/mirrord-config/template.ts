/**
 * mirrord renders a whole config file with Tera before parsing it (mirrord/config/src/lib.rs
 * `LayerFileConfig::from_path`). We render the subset people write — `get_env`, `git_branch`,
 * `key`, `default()`, `{# comments #}`, `{{-`/`-}}` — and name anything else instead of guessing.
 */
import type { ParseResult } from '../mirrord-syntax/types.ts';
import { evaluate, type ExprError, type TemplateVars } from './template-expression.ts';
import { lexExpression } from './template-lexer.ts';

export type { TemplateVars } from './template-expression.ts';

const SUBSET = 'Portside renders only get_env, git_branch, key and default()';

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function explain(error: ExprError, source: string): string {
  if ('message' in error) return error.message;
  const shown = oneLine(source);
  const what = oneLine(error.unsupported);
  return `${SUBSET}; this template uses \`${what}\`${what === shown ? '' : ` in \`${shown}\``}`;
}

type Piece =
  { ok: true; out: string; end: number; trimAfter?: boolean } | { ok: false; error: string };

function comment(text: string, at: number): Piece {
  const close = text.indexOf('#}', at + 2);
  if (close < 0) return { ok: false, error: '`{#` comment is never closed with `#}`' };
  return { ok: true, out: '', end: close + 2 };
}

function tag(text: string, at: number): Piece {
  const close = text.indexOf('%}', at + 2);
  const body = close < 0 ? text.slice(at, at + 40) : text.slice(at, close + 2);
  return {
    ok: false,
    error: `${SUBSET}; this template uses \`${oneLine(body)}\` (Tera tags are not supported)`,
  };
}

function expression(text: string, at: number, vars: TemplateVars): Piece {
  const start = at + (text[at + 2] === '-' ? 3 : 2);
  const lexed = lexExpression(text, start);
  if (!lexed.ok) return { ok: false, error: lexed.error };
  const result = evaluate(lexed.tokens, vars);
  if (!result.ok) return { ok: false, error: explain(result.error, text.slice(at, lexed.end)) };
  return { ok: true, out: result.text, end: lexed.end, trimAfter: lexed.trimAfter };
}

/** Renders `text`; errors are one line that names the line of the template. Never throws. */
export function renderTemplate(text: string, vars: TemplateVars): ParseResult<string> {
  let out = '';
  let i = 0;
  let trimNext = false;
  for (;;) {
    const at = text.slice(i).search(/\{[{%#]/);
    let literal = at < 0 ? text.slice(i) : text.slice(i, i + at);
    if (trimNext) literal = literal.trimStart();
    if (at < 0) return { ok: true, value: out + literal };
    const open = i + at;
    if (text[open + 2] === '-') literal = literal.trimEnd();
    out += literal;
    const kind = text[open + 1];
    const piece =
      kind === '#'
        ? comment(text, open)
        : kind === '%'
          ? tag(text, open)
          : expression(text, open, vars);
    if (!piece.ok) return { ok: false, error: `line ${lineOf(text, open)}: ${piece.error}` };
    out += piece.out;
    i = piece.end;
    trimNext = piece.trimAfter === true;
  }
}
