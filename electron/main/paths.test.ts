import { describe, expect, it, vi } from 'vitest';
import { applyUserDataOverride, resolveAppPaths } from './paths.ts';

describe('resolveAppPaths', () => {
  it('finds page and preload inside the packaged asar', () => {
    const paths = resolveAppPaths('/opt/Portside/resources/app.asar');
    expect(paths).toEqual({
      page: '/opt/Portside/resources/app.asar/dist/renderer/index.html',
      pageUrl: 'file:///opt/Portside/resources/app.asar/dist/renderer/index.html',
      preload: '/opt/Portside/resources/app.asar/dist-electron/preload.cjs',
    });
  });

  it('percent-encodes the page URL the way Chromium reports it', () => {
    expect(resolveAppPaths('/home/a b/portside').pageUrl).toBe(
      'file:///home/a%20b/portside/dist/renderer/index.html',
    );
  });
});

describe('applyUserDataOverride', () => {
  it('moves the profile only when PORTSIDE_USER_DATA_DIR is set', () => {
    const app = { setPath: vi.fn() };
    applyUserDataOverride(app, {});
    expect(app.setPath).not.toHaveBeenCalled();
    applyUserDataOverride(app, { PORTSIDE_USER_DATA_DIR: '/tmp/p1' });
    expect(app.setPath).toHaveBeenCalledWith('userData', '/tmp/p1');
  });
});
