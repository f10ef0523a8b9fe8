import { describe, expect, it } from 'vitest';
import { profileNameFor } from './profile-name.ts';

describe('profileNameFor', () => {
  it.each([
    ['/src/shop/.mirrord/mirrord.json', 'shop'],
    ['C:\\work\\api\\.mirrord\\mirrord.yaml', 'api'],
    ['/src/shop/config.toml', 'shop'],
    ['api-staging.toml', 'api-staging'],
    ['/home/me/checkout.json', 'checkout'],
    ['mirrord.json', 'mirrord'],
    ['.mirrord/mirrord.json', 'mirrord'],
    ['/', 'imported'],
    ['-', 'imported'],
  ])('%s → %s', (path, name) => {
    expect(profileNameFor(path)).toBe(name);
  });
});
