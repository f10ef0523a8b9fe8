import { describe, expect, it } from 'vitest';
import { labelMatcher, selectorString } from './label-selector.ts';

describe('labelMatcher', () => {
  const labels = { app: 'web', tier: 'front', 'app.kubernetes.io/name': 'x' };

  it('matches what selectorString writes, like the API server would', () => {
    const sel = selectorString({
      matchLabels: { app: 'web', 'app.kubernetes.io/name': 'x' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'app', operator: 'Exists' },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    expect(labelMatcher(sel)(labels)).toBe(true);
    expect(labelMatcher(sel)({ ...labels, tier: 'db' })).toBe(false);
    expect(labelMatcher(sel)({ ...labels, env: 'prod' })).toBe(false);
    expect(labelMatcher(sel)({ ...labels, canary: '1' })).toBe(false);
    expect(labelMatcher(sel)(undefined)).toBe(false);
  });

  it('handles ==, != and the empty selector', () => {
    expect(labelMatcher('app==web,tier!=back')(labels)).toBe(true);
    expect(labelMatcher('app!=web')(labels)).toBe(false);
    expect(labelMatcher('missing!=x')(labels)).toBe(true);
    expect(labelMatcher('')(undefined)).toBe(true);
  });

  it('refuses syntax it does not know, so the caller asks the API server', () => {
    expect(() => labelMatcher('replicas>2')).toThrow(/unsupported label selector requirement/);
  });
});
