/** Property tests: any text, in any format, is a config or a one-line error — never an exception. */
import fc from 'fast-check';
import { stringify as toToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { readFixture } from './fixtures/read-fixture.ts';
import { stringify as toYaml } from 'yaml';
import { TARGET_KINDS } from '../mirrord-syntax/target.ts';
import { parseMirrordConfig } from './parse-mirrord-config.ts';
import { configToRuleInputs } from './rule-inputs.ts';
import { renderTemplate } from './template.ts';

const names = fc.constantFrom('m.json', 'm.toml', 'm.yaml', 'm.yml', '-', 'mirrord', 'm.txt', 'm.');
const env = fc.dictionary(
  fc.constantFrom('MIRRORD_KEY', 'SVC', 'NS', 'X'),
  fc.string({ maxLength: 8 }),
);
const ctx = fc.record({
  env,
  gitBranch: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
});

// Pieces that drive the template renderer and the parsers into their branches.
const piece = fc.constantFrom(
  '{{',
  '}}',
  '{%',
  '%}',
  '{#',
  '#}',
  '{{-',
  '-}}',
  'get_env(',
  'name=',
  '"SVC"',
  "'NS'",
  'default(value=',
  ')',
  '|',
  'key',
  'git_branch',
  ' ',
  '\n',
  '"',
  "'",
  '`',
  ',',
  '=',
  '{',
  '}',
  '[',
  ']',
  ':',
  'target',
  'agent',
  '"feature"',
  'incoming',
  'mode = "steal"',
  '[agent]',
  'ttl: 3',
  '- a',
  '&a',
  '*a',
  '1e400',
  'null',
  'true',
);
const templated = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
const fixtures = ['mirrord.json', 'mirrord.toml', 'mirrord.yaml'].map((n) => readFixture(n));
const mutated = fc
  .tuple(fc.constantFrom(...fixtures), fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 6 }))
  .map(([text, at, drop, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + drop);
  });
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  templated,
  mutated,
);

function checkResult(r: ReturnType<typeof parseMirrordConfig>): void {
  if (r.ok) {
    expect(Array.isArray(r.value.warnings)).toBe(true);
    expect(() => configToRuleInputs(r.value)).not.toThrow();
  } else {
    expect(typeof r.error).toBe('string');
    expect(r.error.length).toBeGreaterThan(0);
    expect(r.error).not.toContain('\n');
    expect(r.error).not.toMatch(/^could not read this config file/);
  }
}

describe('parseMirrordConfig never throws', () => {
  it('on arbitrary and adversarial text, in every format', () => {
    fc.assert(
      fc.property(anyText, names, ctx, (text, name, c) =>
        checkResult(parseMirrordConfig(text, name, c)),
      ),
      { numRuns: 1500 },
    );
  });

  it('on arbitrary JSON and YAML values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.boolean(), (value, yaml) => {
        const text = yaml ? toYaml(value) : JSON.stringify(value);
        checkResult(parseMirrordConfig(text, yaml ? 'm.yaml' : 'm.json', { env: {} }));
      }),
      { numRuns: 500 },
    );
  });

  it('renderTemplate returns a value or a one-line error for any text', () => {
    fc.assert(
      fc.property(fc.oneof(templated, fc.string()), ctx, (text, c) => {
        const r = renderTemplate(text, { ...c, key: 'k' });
        if (!r.ok) expect(r.error).toMatch(/^line \d+: [^\n]+$/);
        // Text without any opening delimiter comes back unchanged.
        if (!/\{[{%#]/.test(text)) expect(r).toEqual({ ok: true, value: text });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the same settings read alike in JSON, TOML and YAML', () => {
  const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);
  const settings = fc.record({
    kube_context: label,
    target: fc.record({
      path: fc.tuple(fc.constantFrom(...TARGET_KINDS), label).map(([k, n]) => `${k}/${n}`),
      namespace: label,
    }),
    agent: fc.record({
      ttl: fc.integer({ min: 0, max: 65535 }),
      ephemeral: fc.boolean(),
      labels: fc.dictionary(label, label),
    }),
    feature: fc.record({
      network: fc.record({
        incoming: fc.record({
          mode: fc.constantFrom('mirror', 'steal', 'off'),
          ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { maxLength: 5 }),
        }),
      }),
    }),
  });

  it('round-trips every modelled key', () => {
    fc.assert(
      fc.property(settings, (s) => {
        const texts: [string, string][] = [
          ['m.json', JSON.stringify(s)],
          ['m.toml', toToml(s)],
          ['m.yaml', toYaml(s)],
        ];
        const results = texts.map(([name, text]) => parseMirrordConfig(text, name, { env: {} }));
        for (const r of results) {
          expect(r).toMatchObject({
            ok: true,
            value: {
              context: s.kube_context,
              namespace: s.target.namespace,
              agent: { ttl: s.agent.ttl, ephemeral: s.agent.ephemeral, labels: s.agent.labels },
              incoming: {
                mode: s.feature.network.incoming.mode,
                ports: s.feature.network.incoming.ports,
              },
            },
          });
        }
        expect(results[1]).toEqual(results[0]);
        expect(results[2]).toEqual(results[0]);
      }),
      { numRuns: 100 },
    );
  });
});
