import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPS, effectiveCaps } from './capabilities.ts';

describe('container capabilities', () => {
  it('defaults to containerd’s set, without NET_ADMIN', () => {
    expect(effectiveCaps(undefined)).toEqual(DEFAULT_CAPS);
    expect(effectiveCaps(undefined)).not.toContain('NET_ADMIN');
  });

  it('adds and drops, accepting the CAP_ prefix and any case', () => {
    const caps = effectiveCaps({ capabilities: { add: ['cap_net_admin'], drop: ['NET_RAW'] } });
    expect(caps).toContain('NET_ADMIN');
    expect(caps).not.toContain('NET_RAW');
  });

  it('drop ALL then add leaves only the added ones; unknown names are ignored', () => {
    expect(
      effectiveCaps({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'NOT_A_CAP'] } }),
    ).toEqual(['NET_BIND_SERVICE']);
  });

  it('privileged or add ALL means every capability', () => {
    expect(effectiveCaps({ privileged: true })).toBe('all');
    expect(effectiveCaps({ capabilities: { add: ['ALL'] } })).toBe('all');
  });
});
