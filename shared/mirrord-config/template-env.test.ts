import { describe, expect, it } from 'vitest';
import { readFixture } from './fixtures/read-fixture.ts';
import { pickEnv, templateEnvNames } from './template-env.ts';

describe('template environment', () => {
  it('names the variables the templates read, and the ones mirrord always reads', () => {
    expect(templateEnvNames(readFixture('import/templated.json'))).toEqual([
      'MIRRORD_KEY',
      'MIRRORD_BRANCH_NAME',
      'PORTSIDE_TEST_CONTEXT',
      'PORTSIDE_TEST_NS',
    ]);
    expect(
      templateEnvNames('{{ get_env( name = "A_1" ) }} {{ get_env(name=`B`, default="x") }}'),
    ).toEqual(['MIRRORD_KEY', 'MIRRORD_BRANCH_NAME', 'A_1', 'B']);
  });

  it('the host answers only for set variables with valid names, at most 50', () => {
    const env = { HOME: '/h', A: 'a', EMPTY: '' };
    expect(pickEnv(env, ['A', 'EMPTY', 'NOPE', 'toString', 'B-C'])).toEqual({ A: 'a', EMPTY: '' });
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`V${i}`, 'x']));
    expect(Object.keys(pickEnv(many, Object.keys(many)))).toHaveLength(50);
  });
});
