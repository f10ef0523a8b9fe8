/**
 * Evaluates one Tera `{{ … }}` expression of the subset mirrord users write: `get_env(name=…,
 * default=…)`, the variables `git_branch` and `key`, literals and `| default(value=…)`.
 * Semantics follow Tera: an unknown variable is undefined (so `default` applies), `get_env`
 * without a default fails when the variable is unset.
 */
import type { Token } from './template-lexer.ts';

export interface TemplateVars {
  env: Readonly<Record<string, string | undefined>>;
  gitBranch?: string;
  /** Undefined while rendering the root `key` itself, as in mirrord. */
  key?: string;
}

/** An expression problem; `unsupported` ones get the "Portside renders only …" wording. */
export type ExprError = { unsupported: string } | { message: string };

type Value = { defined: true; text: string } | { defined: false; name: string };
type Step<T> = { ok: true; value: T; next: number } | { ok: false; error: ExprError };

const fail = (error: ExprError): { ok: false; error: ExprError } => ({ ok: false, error });
const unsupported = (what: string) => fail({ unsupported: what });
const isPunct = (t: Token | undefined, p: string): boolean => t?.kind === 'punct' && t.text === p;

const describe = (t: Token | undefined): string =>
  t === undefined ? 'an incomplete expression' : t.kind === 'string' ? `"${t.text}"` : t.text;

/** `name=literal, …` up to the closing parenthesis. */
function kwargs(tokens: Token[], at: number, owner: string): Step<Map<string, string>> {
  const args = new Map<string, string>();
  let i = at;
  while (!isPunct(tokens[i], ')')) {
    const [name, eq, lit] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (name?.kind !== 'ident' || !isPunct(eq, '='))
      return unsupported(`${owner}(${describe(name)} …)`);
    const value = literal(lit);
    if (value === undefined) return unsupported(`${owner}(${name.text}=${describe(lit)})`);
    args.set(name.text, value);
    i += 3;
    if (isPunct(tokens[i], ',')) i += 1;
    else if (!isPunct(tokens[i], ')')) return unsupported(`${owner}(… ${describe(tokens[i])})`);
  }
  return { ok: true, value: args, next: i + 1 };
}

function literal(t: Token | undefined): string | undefined {
  if (t?.kind === 'string' || t?.kind === 'number') return t.text;
  if (t?.kind === 'ident' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase();
  return undefined;
}

function getEnv(args: Map<string, string>, vars: TemplateVars): Value | ExprError {
  const extra = [...args.keys()].find((k) => k !== 'name' && k !== 'default');
  if (extra !== undefined) return { unsupported: `get_env(${extra}=…)` };
  const name = args.get('name');
  if (name === undefined) return { message: 'get_env needs a name: `get_env(name="VAR")`' };
  const value = vars.env[name] ?? args.get('default');
  if (value !== undefined) return { defined: true, text: value };
  return {
    message: `environment variable \`${name}\` is not set (give a fallback: \`get_env(name="${name}", default="…")\`)`,
  };
}

function variable(name: string, vars: TemplateVars): Value {
  const value = name === 'git_branch' ? vars.gitBranch : name === 'key' ? vars.key : undefined;
  return value === undefined ? { defined: false, name } : { defined: true, text: value };
}

/** The first part of an expression: a literal, a variable or `get_env(…)`. */
function atom(tokens: Token[], vars: TemplateVars): Step<Value> {
  const [first, second] = tokens;
  const lit = first?.kind === 'ident' ? undefined : literal(first);
  if (lit !== undefined) return { ok: true, value: { defined: true, text: lit }, next: 1 };
  if (first?.kind !== 'ident') return unsupported(describe(first));
  if (!isPunct(second, '(')) {
    const lit2 = literal(first);
    const value: Value =
      lit2 !== undefined ? { defined: true, text: lit2 } : variable(first.text, vars);
    return { ok: true, value, next: 1 };
  }
  if (first.text !== 'get_env') return unsupported(`${first.text}()`);
  const args = kwargs(tokens, 2, 'get_env');
  if (!args.ok) return args;
  const value = getEnv(args.value, vars);
  return 'defined' in value ? { ok: true, value, next: args.next } : fail(value);
}

/** `| default(value=…)`, Tera's only filter that we apply. */
function filter(tokens: Token[], at: number, input: Value): Step<Value> {
  const name = tokens[at];
  if (name?.kind !== 'ident') return unsupported(`| ${describe(name)}`);
  if (name.text !== 'default') return unsupported(`| ${name.text}`);
  if (!isPunct(tokens[at + 1], '('))
    return fail({ message: 'write the fallback as `default(value="…")`' });
  const args = kwargs(tokens, at + 2, 'default');
  if (!args.ok) return args;
  const fallback = args.value.get('value');
  if (fallback === undefined || args.value.size !== 1) {
    return fail({ message: 'write the fallback as `default(value="…")`' });
  }
  const value: Value = input.defined ? input : { defined: true, text: fallback };
  return { ok: true, value, next: args.next };
}

function undefinedMessage(name: string, vars: TemplateVars): string {
  if (name === 'git_branch') {
    return "`git_branch` is not defined: no git branch was found (set MIRRORD_BRANCH_NAME, or write `{{ git_branch | default(value='main') }}`)";
  }
  if (name === 'key' && vars.key === undefined)
    return '`key` cannot be used inside the `key` field itself';
  return `\`${name}\` is not defined (templates can use get_env, git_branch and key)`;
}

/** Evaluates the tokens of one `{{ … }}` to the text it prints. */
export function evaluate(
  tokens: Token[],
  vars: TemplateVars,
): { ok: true; text: string } | { ok: false; error: ExprError } {
  if (tokens.length === 0) return unsupported('{{ }}');
  const head = atom(tokens, vars);
  if (!head.ok) return head;
  let { value, next } = head;
  while (next < tokens.length) {
    if (!isPunct(tokens[next], '|')) return unsupported(describe(tokens[next]));
    const step = filter(tokens, next + 1, value);
    if (!step.ok) return step;
    ({ value, next } = step);
  }
  return value.defined
    ? { ok: true, text: value.text }
    : fail({ message: undefinedMessage(value.name, vars) });
}
