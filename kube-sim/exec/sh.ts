/**
 * A deliberately tiny `sh`: `sh -c SCRIPT` (or the script on stdin) with `;`, `&&`, `||`,
 * newlines, comments, quotes, `$VAR`/`${VAR}`/`$?`, `exit N`, and the redirections `>&2`,
 * `2>&1`, `>/dev/null`. Pipes, globbing and control flow are not supported (exit 2, said so).
 */
import { Writable } from 'node:stream';
import { print, type Builtin, type BuiltinContext, type BuiltinIO } from './context.ts';

type Run = (argv: string[], ctx: BuiltinContext, io: BuiltinIO) => Promise<number>;
interface Statement {
  text: string;
  /** How this statement is joined to the previous one. */
  after: ';' | '&&' | '||';
}

/** Splits a script into statements at unquoted `;`, `&&`, `||` and newlines. */
export function splitStatements(script: string): Statement[] {
  const out: Statement[] = [];
  let text = '';
  let after: Statement['after'] = ';';
  let quote: string | null = null;
  const push = (next: Statement['after']): void => {
    if (text.trim()) out.push({ text, after });
    text = '';
    after = next;
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') text += c + (script[++i] ?? '');
      else text += c;
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') ((quote = c), (text += c));
    else if (c === '\\') text += c + (script[++i] ?? '');
    else if (c === '&' && script[i + 1] === '&') (push('&&'), i++);
    else if (c === '|' && script[i + 1] === '|') (push('||'), i++);
    else if (c === '|') throw new Error("pipes are not supported by kube-sim's sh");
    else if (c === ';' || c === '\n') push(';');
    else text += c;
  }
  if (quote) throw new Error('unterminated quoted string');
  push(';');
  return out;
}

/** Splits one statement into words with quote removal and variable expansion. */
export function expandWords(text: string, vars: Record<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  const end = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c)) end();
    else if (c === '#' && !inWord) break;
    else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      word += text.slice(i + 1, close);
      ((i = close), (inWord = true));
    } else if (c === '"') {
      inWord = true;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && '"\\$'.includes(text[i + 1] ?? '')) word += text[++i];
        else if (text[i] === '$') [word, i] = expand(text, i, vars, word);
        else word += text[i];
      }
    } else if (c === '\\') ((word += text[++i] ?? ''), (inWord = true));
    else if (c === '$') (([word, i] = expand(text, i, vars, word)), (inWord = true));
    else ((word += c), (inWord = true));
  }
  end();
  return words;
}

function expand(
  text: string,
  i: number,
  vars: Record<string, string>,
  word: string,
): [string, number] {
  const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(i));
  const plain = /^\$([A-Za-z_][A-Za-z0-9_]*|\?)/.exec(text.slice(i));
  const m = braced ?? plain;
  if (!m) return [word + '$', i];
  return [word + (vars[m[1]!] ?? ''), i + m[0].length - 1];
}

const devNull = (): Writable => new Writable({ write: (_c, _e, cb) => cb() });

function redirect(argv: string[], io: BuiltinIO): { argv: string[]; io: BuiltinIO } {
  let { stdout, stderr } = io;
  const rest: string[] = [];
  for (const w of argv) {
    if (w === '>&2' || w === '1>&2') stdout = io.stderr;
    else if (w === '2>&1') stderr = stdout;
    else if (w === '>/dev/null' || w === '1>/dev/null') stdout = devNull();
    else if (w === '2>/dev/null') stderr = devNull();
    else rest.push(w);
  }
  return { argv: rest, io: { stdin: io.stdin, stdout, stderr } };
}

/** Builds `sh`, running simple commands through `run` (the built-in table). */
export function createSh(run: Run): Builtin {
  return async (argv, ctx, io) => {
    const c = argv.indexOf('-c');
    let script = c >= 0 ? argv[c + 1] : undefined;
    if (script === undefined && io.stdin) script = await readAll(io.stdin);
    if (script === undefined) return 0;
    try {
      return await runScript(script, run, ctx, io);
    } catch (err) {
      await print(io.stderr, `sh: ${(err as Error).message}\n`);
      return 2;
    }
  };
}

async function runScript(
  script: string,
  run: Run,
  ctx: BuiltinContext,
  io: BuiltinIO,
): Promise<number> {
  let status = 0;
  for (const st of splitStatements(script)) {
    if ((st.after === '&&' && status !== 0) || (st.after === '||' && status === 0)) continue;
    const words = expandWords(st.text, { ...ctx.env, '?': String(status) });
    const cmd = redirect(words, io);
    if (cmd.argv.length === 0) continue;
    if (cmd.argv[0] === 'exit')
      return cmd.argv[1] === undefined ? status : Number(cmd.argv[1]) & 0xff;
    if (cmd.argv[0] === 'export' || cmd.argv[0] === 'cd' || cmd.argv[0] === ':') {
      status = 0;
      continue;
    }
    status = await run(cmd.argv, ctx, cmd.io);
  }
  return status;
}

async function readAll(stdin: NonNullable<BuiltinIO['stdin']>): Promise<string> {
  let text = '';
  for await (const chunk of stdin as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  return text;
}
