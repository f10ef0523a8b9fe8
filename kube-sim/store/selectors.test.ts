import { describe, expect, it } from 'vitest';
import {
  mapMatcher,
  parseFieldSelector,
  parseLabelSelector,
  selectorMatcher,
  selectorToString,
} from './selectors.ts';
import { newMeta, type KubeObject } from './types.ts';

const labels = { app: 'web', tier: 'front', env: 'prod' };

describe('parseLabelSelector', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['missing!=x', true],
    ['app=web,tier=back', false],
    ['app in (web,api)', true],
    ['app in (api, db)', false],
    ['app notin (api)', true],
    ['missing notin (a)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app in (web),!missing, env = prod', true],
  ])('%s → %s', (sel, want) => {
    expect(parseLabelSelector(sel)(labels)).toBe(want);
  });

  it('rejects malformed input with a 400 Status', () => {
    expect(() => parseLabelSelector('app in web')).toThrow(
      expect.objectContaining({ code: 400, reason: 'BadRequest' }),
    );
  });
});

describe('selector objects', () => {
  it('matchLabels and matchExpressions combine with AND', () => {
    const m = selectorMatcher({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }],
    });
    expect(m(labels)).toBe(true);
    expect(m({ app: 'web', env: 'dev' })).toBe(false);
  });
  it('absent selector matches nothing, empty matches everything', () => {
    expect(selectorMatcher(undefined)(labels)).toBe(false);
    expect(selectorMatcher({})(labels)).toBe(true);
    expect(mapMatcher({})(labels)).toBe(false);
    expect(mapMatcher({ app: 'web' })(labels)).toBe(true);
  });
  it('renders the query form that parses back to the same matcher', () => {
    const sel = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'x', operator: 'DoesNotExist' },
      ],
    };
    const text = selectorToString(sel);
    expect(text).toBe('app=web,env notin (dev),!x');
    expect(parseLabelSelector(text)(labels)).toBe(true);
  });
});

describe('parseFieldSelector', () => {
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: newMeta({ name: 'a', namespace: 'ns1' }),
    status: { phase: 'Running' },
  };
  it('matches dotted paths with = and !=', () => {
    expect(parseFieldSelector('metadata.name=a')(pod)).toBe(true);
    expect(parseFieldSelector('metadata.name=b')(pod)).toBe(false);
    expect(parseFieldSelector('metadata.namespace==ns1,status.phase!=Pending')(pod)).toBe(true);
  });
});
