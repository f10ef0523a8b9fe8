import { describe, expect, it } from 'vitest';
import { defaultStateDir } from './state-dir.ts';

describe('defaultStateDir', () => {
  it('follows XDG_CONFIG_HOME, else ~/.config, and ignores a relative XDG value', () => {
    expect(defaultStateDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/u')).toBe('/x/cfg/portside');
    expect(defaultStateDir({}, '/home/u')).toBe('/home/u/.config/portside');
    expect(defaultStateDir({ XDG_CONFIG_HOME: 'rel' }, '/home/u')).toBe('/home/u/.config/portside');
  });
});
