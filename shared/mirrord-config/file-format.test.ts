import { describe, expect, it } from 'vitest';
import { formatOf, parseConfigText } from './file-format.ts';

describe('formatOf: by extension, exactly as mirrord', () => {
  it.each([
    ['mirrord.json', 'json'],
    ['.mirrord/mirrord.json', 'json'],
    ['mirrord', 'json'],
    ['-', 'json'],
    ['.mirrord', 'json'],
    ['/home/me/config', 'json'],
    ['C:\\cfg\\m.toml', 'toml'],
    ['m.toml', 'toml'],
    ['m.yaml', 'yaml'],
    ['a.b/m.yml', 'yaml'],
  ])('%s → %s', (name, format) => {
    expect(formatOf(name)).toEqual({ ok: true, value: format });
  });

  it.each([
    ['m.txt', 'txt'],
    ['m.JSON', 'JSON'],
    ['m.', ''],
    ['m.json.bak', 'bak'],
  ])('%s is InvalidExtension', (name, ext) => {
    expect(formatOf(name)).toEqual({
      ok: false,
      error: `the file has an invalid extension \`${ext}\`, must have one of: json, toml, yml, yaml`,
    });
  });
});

describe('parseConfigText', () => {
  it('parses each format to plain values', () => {
    expect(parseConfigText('{"a": [1, "x"]}', 'json')).toEqual({
      ok: true,
      value: { a: [1, 'x'] },
    });
    expect(parseConfigText('a = 1\n[b]\nc = "x"', 'toml')).toEqual({
      ok: true,
      value: { a: 1, b: { c: 'x' } },
    });
    expect(parseConfigText('a: 1\nb: { c: x }', 'yaml')).toEqual({
      ok: true,
      value: { a: 1, b: { c: 'x' } },
    });
  });

  it('an empty YAML or TOML file is an empty config; an empty JSON file is an error', () => {
    expect(parseConfigText('', 'yaml')).toEqual({ ok: true, value: {} });
    expect(parseConfigText('', 'toml')).toEqual({ ok: true, value: {} });
    expect(parseConfigText('', 'json')).toEqual({
      ok: false,
      error: 'invalid JSON: Unexpected end of JSON input',
    });
  });

  it('JSON errors name the line', () => {
    const r = parseConfigText('{\n  "a": 1,\n}', 'json');
    expect(r).toEqual({
      ok: false,
      error: 'line 3: invalid JSON: Expected double-quoted property name',
    });
  });

  it('TOML errors name line and column', () => {
    expect(parseConfigText('a = 1\nb = \n', 'toml')).toEqual({
      ok: false,
      error: 'line 2, column 5: invalid TOML: invalid value',
    });
    expect(parseConfigText('a = 1\na = 2', 'toml')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^line 2/),
    });
  });

  it('YAML errors name the line; duplicate keys and several documents are errors', () => {
    expect(parseConfigText('a: 1\na: 2\n', 'yaml')).toEqual({
      ok: false,
      error: 'line 2: invalid YAML: Map keys must be unique',
    });
    expect(parseConfigText('a: 1\n---\nb: 2\n', 'yaml')).toMatchObject({
      ok: false,
      error: expect.stringContaining('multiple documents'),
    });
    expect(parseConfigText('a: [1\n', 'yaml')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^line \d+: invalid YAML/),
    });
  });

  it('YAML alias bombs are refused, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      bomb.push(
        `${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`,
      );
    }
    expect(parseConfigText(bomb.join('\n'), 'yaml')).toMatchObject({ ok: false });
  });
});
