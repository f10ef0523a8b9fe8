import { describe, expect, it } from 'vitest';
import { readFixture } from './fixtures/read-fixture.ts';
import { MAX_IMPORT_BYTES } from './import-guard.ts';
import { previewImport, type ImportResult } from './import-preview.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const fixture = (name: string): Uint8Array => bytes(readFixture(`import/${name}`));
const preview = (
  name: string,
  data = fixture(name),
  env: Record<string, string> = {},
): ImportResult => previewImport({ name, bytes: data }, { env });

function errorOf(result: ImportResult) {
  if (result.ok)
    throw new Error(`expected an error, got a preview of ${result.value.rules.length} rules`);
  return result.error;
}

const PY_SERV_RULE = {
  direction: 'R',
  spec: '80:19090',
  target: 'deployment/py-serv',
  namespace: 'default',
  incomingMode: 'steal',
};

describe('previewImport: the same file in each format gives the same preview', () => {
  it.each(['mirrord.json', 'mirrord.toml', 'mirrord.yaml'])(
    '%s → one -R 80 → 19090 on deployment/py-serv',
    (name) => {
      const result = preview(name);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value).toMatchObject({
        file: name,
        target: 'deployment/py-serv',
        namespace: 'default',
        rules: [PY_SERV_RULE],
        ignored: [],
        fromEnv: [],
        profileName: 'mirrord',
      });
      expect(result.value.context).toBeUndefined();
    },
  );

  it('a `.mirrord/mirrord.json` path names the profile after the project folder', () => {
    const result = preview('/src/shop/.mirrord/mirrord.json', fixture('mirrord.json'));
    expect(result.ok && result.value.profileName).toBe('shop');
  });
});

describe('previewImport: templated files', () => {
  it('shows which values came from the environment, ignored keys and why, and the mirror mode note', () => {
    const result = preview('templated.json', undefined, {
      PORTSIDE_TEST_CONTEXT: 'kind-dev',
      HOME: '/h',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const p = result.value;
    expect(p.context).toBe('kind-dev');
    expect(p.namespace).toBe('default');
    expect(p.fromEnv).toEqual([
      { name: 'PORTSIDE_TEST_CONTEXT', value: 'kind-dev' },
      { name: 'PORTSIDE_TEST_NS' },
    ]);
    expect(p.rules).toEqual([
      {
        direction: 'R',
        spec: '8080',
        target: 'deployment/py-serv',
        namespace: 'default',
        context: 'kind-dev',
        incomingMode: 'auto',
      },
    ]);
    expect(p.ignored.map((i) => i.key)).toEqual([
      'feature.network.incoming.http_filter',
      'feature.fs',
    ]);
    expect(p.ignored[0]?.why).toMatch(/does not filter HTTP/);
    expect(p.notes.some((n) => n.includes('`mirror` mode'))).toBe(true);
  });

  it('a variable the template needs and the environment lacks is an error at its line and column', () => {
    const e = errorOf(preview('templated.json'));
    expect(e).toMatchObject({ file: 'templated.json', line: 2, column: 20 });
    expect(e.message).toMatch(/PORTSIDE_TEST_CONTEXT/);
  });
});

describe('previewImport: errors name the file, line and column; nothing is proposed', () => {
  it('unknown key, with its suggestion', () => {
    expect(errorOf(preview('unknown-key.yaml'))).toEqual({
      file: 'unknown-key.yaml',
      line: 5,
      column: 5,
      message: 'unknown key `feature.network.incomng`: did you mean `feature.network.incoming`?',
      text: 'unknown-key.yaml, line 5, column 5: unknown key `feature.network.incomng`: did you mean `feature.network.incoming`?',
    });
  });

  it('wrong type points at the key', () => {
    expect(errorOf(preview('wrong-type.toml'))).toMatchObject({
      line: 6,
      column: 1,
      message: '`feature.network.incoming.port_mapping[0][1]` must be a whole number, not "80"',
    });
  });

  it.each([
    ['syntax-error.json', 3, 50, /^invalid JSON: /],
    ['syntax-error.toml', 3, 13, /^invalid TOML: /],
    ['syntax-error.yaml', 2, 9, /^invalid YAML: /],
  ])('syntax error in %s at line %i, column %i', (name, line, column, message) => {
    const e = errorOf(preview(name));
    expect(e).toMatchObject({ file: name, line, column });
    expect(e.message).toMatch(message);
    expect(e.text.startsWith(`${name}, line ${line}, column ${column}: invalid`)).toBe(true);
  });

  it('a JSON file cut short: the end of the file is the position', () => {
    expect(errorOf(preview('mirrord.json', bytes('{\n  "target":\n')))).toMatchObject({
      line: 2,
      column: 12,
      message: 'invalid JSON: Unexpected end of JSON input',
    });
  });

  it('an empty file is refused', () => {
    expect(errorOf(preview('mirrord.yaml', bytes(' \n\n')))).toMatchObject({
      file: 'mirrord.yaml',
      message: 'the file is empty: there is nothing to import',
    });
  });

  it('a binary file is refused before parsing', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(errorOf(preview('mirrord.json', png)).message).toMatch(/binary file/);
    expect(
      errorOf(preview('mirrord.json', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).message,
    ).toMatch(/not UTF-8/);
  });

  it('a file over 1 MiB is refused; one of exactly 1 MiB is read', () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x20);
    expect(errorOf(preview('mirrord.json', big)).text).toBe(
      'mirrord.json: the file is 1.0 MiB; a mirrord config file is at most 1 MiB, so this is not one',
    );
    const padded = new Uint8Array(MAX_IMPORT_BYTES).fill(0x20);
    padded.set(fixture('mirrord.json'));
    expect(preview('mirrord.json', padded).ok).toBe(true);
  });

  it('an unknown extension is refused with mirrord’s words', () => {
    expect(errorOf(preview('mirrord.txt', fixture('mirrord.json'))).message).toMatch(
      /invalid extension `txt`/,
    );
  });
});

describe('previewImport: incoming modes', () => {
  it('`off` proposes no -R rules and says why', () => {
    const text = JSON.stringify({
      target: 'pod/api',
      feature: { network: { incoming: { mode: 'off', ports: [80] } } },
    });
    const result = preview('off.json', bytes(text));
    expect(result.ok && result.value.rules).toEqual([]);
    expect(result.ok && result.value.notes.join(' ')).toMatch(/incoming traffic is off/);
  });
});
