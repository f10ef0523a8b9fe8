import { describe, expect, it } from 'vitest';
import { renderTemplate, type TemplateVars } from './template.ts';

const vars: TemplateVars = { env: { SVC: 'web', EMPTY: '' }, gitBranch: 'feat/x', key: 'k-1' };
const render = (text: string, v: TemplateVars = vars) => renderTemplate(text, v);
const ok = (value: string) => ({ ok: true, value });

describe('renderTemplate: what it renders', () => {
  it('leaves text without templates alone', () => {
    expect(render('{ "a": "b" } } { }')).toEqual(ok('{ "a": "b" } } { }'));
  });

  it('get_env with double or single quotes, default used only when unset', () => {
    expect(render(`deployment/{{ get_env(name='SVC', default='api') }}`)).toEqual(
      ok('deployment/web'),
    );
    expect(render('{{ get_env(name="NOPE", default="api") }}')).toEqual(ok('api'));
    expect(render('{{get_env(default="api",name="NOPE")}}')).toEqual(ok('api'));
    // An empty variable is set (Rust's env::var returns Ok("")).
    expect(render('[{{ get_env(name="EMPTY", default="x") }}]')).toEqual(ok('[]'));
  });

  it('git_branch and key, with and without default()', () => {
    expect(render('{{ git_branch }}/{{ key }}')).toEqual(ok('feat/x/k-1'));
    expect(render("{{ git_branch | default(value='main') }}", { env: {} })).toEqual(ok('main'));
    expect(render('{{ git_branch | default(value="main") }}')).toEqual(ok('feat/x'));
  });

  it('an unknown variable is undefined, so default() applies as in Tera', () => {
    expect(render('{{ other | default(value=8080) }}')).toEqual(ok('8080'));
  });

  it('literals print as themselves', () => {
    expect(render('{{ "a" }} {{ 42 }} {{ true }}')).toEqual(ok('a 42 true'));
  });

  it('drops comments and honours whitespace control', () => {
    expect(render('a{# note: {{ not rendered }} #}b')).toEqual(ok('ab'));
    expect(render('x \n {{- key -}} \n y')).toEqual(ok('xk-1y'));
    expect(render('x {{ key }} y')).toEqual(ok('x k-1 y'));
  });

  it('renders many expressions over many lines', () => {
    const text = '{\n "t": "pod/{{ get_env(name="SVC") }}",\n "k": "{{ key }}"\n}';
    expect(render(text)).toEqual(ok('{\n "t": "pod/web",\n "k": "k-1"\n}'));
  });
});

describe('renderTemplate: errors name the line', () => {
  const error = (text: string, v?: TemplateVars): string => {
    const r = render(text, v);
    if (r.ok) throw new Error(`expected an error for ${text}`);
    return r.error;
  };

  it('git_branch without a branch and without default()', () => {
    expect(error('{\n"key": "{{ git_branch }}"\n}', { env: {} })).toBe(
      "line 2: `git_branch` is not defined: no git branch was found (set MIRRORD_BRANCH_NAME, or write `{{ git_branch | default(value='main') }}`)",
    );
  });

  it('get_env of an unset variable without a default', () => {
    expect(error('{{ get_env(name="NOPE") }}')).toBe(
      'line 1: environment variable `NOPE` is not set (give a fallback: `get_env(name="NOPE", default="…")`)',
    );
    expect(error('{{ get_env() }}')).toBe('line 1: get_env needs a name: `get_env(name="VAR")`');
  });

  it('undefined variables and `key` inside the key', () => {
    expect(error('{{ branch }}')).toBe(
      'line 1: `branch` is not defined (templates can use get_env, git_branch and key)',
    );
    expect(error('{{ key }}', { env: {} })).toBe(
      'line 1: `key` cannot be used inside the `key` field itself',
    );
  });

  it('anything beyond the subset is named, never guessed', () => {
    const only = 'Portside renders only get_env, git_branch, key and default(); this template uses';
    expect(error('a\nb {% if x %}y{% endif %}')).toBe(
      `line 2: ${only} \`{% if x %}\` (Tera tags are not supported)`,
    );
    expect(error('{{ now() }}')).toBe(`line 1: ${only} \`now()\` in \`{{ now() }}\``);
    expect(error('{{ key | upper }}')).toBe(`line 1: ${only} \`| upper\` in \`{{ key | upper }}\``);
    expect(error('{{ a.b }}')).toBe(`line 1: ${only} \`.\` in \`{{ a.b }}\``);
    expect(error('{{ x == 1 }}')).toBe(`line 1: ${only} \`==\` in \`{{ x == 1 }}\``);
    expect(error('{{ key ~ "x" }}')).toBe(`line 1: ${only} \`~\` in \`{{ key ~ "x" }}\``);
    expect(error('{{ get_env(name="A", fallback="x") }}')).toContain(
      `${only} \`get_env(fallback=…)\``,
    );
    expect(error('{{ get_env(name=key) }}')).toContain(`${only} \`get_env(name=key)\``);
    expect(error('{{ }}')).toBe(`line 1: ${only} \`{{ }}\``);
  });

  it('default() must be written default(value=…)', () => {
    expect(error('{{ key | default }}')).toBe('line 1: write the fallback as `default(value="…")`');
    expect(error('{{ key | default(v="x") }}')).toBe(
      'line 1: write the fallback as `default(value="…")`',
    );
  });

  it('unclosed delimiters and strings', () => {
    expect(error('x\n{{ key')).toBe('line 2: `{{` is never closed with `}}`');
    expect(error('{{ "abc }}')).toBe('line 1: a string opened with " is never closed');
    expect(error('{# forever')).toBe('line 1: `{#` comment is never closed with `#}`');
  });
});
