import { describe, expect, it } from 'vitest';
import { contract } from '../contract.ts';
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

  it('the contract refuses other names and long lists before the host sees them', () => {
    const request = contract['import:env'].request;
    expect(request.safeParse({ names: ['A', 'MIRRORD_KEY'] }).success).toBe(true);
    expect(request.safeParse({ names: ['B-C'] }).success).toBe(false);
    expect(request.safeParse({ names: ['$(rm -rf)'] }).success).toBe(false);
    expect(
      request.safeParse({ names: Array.from({ length: 51 }, (_, i) => `V${i}`) }).success,
    ).toBe(false);
  });
});
