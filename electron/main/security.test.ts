import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { App, Session, WebContents } from 'electron';
import { setupSecurity } from './security.ts';

const PAGE = 'file:///opt/Portside/resources/app.asar/dist/renderer/index.html';

function fakes() {
  const app = new EventEmitter();
  const session = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  };
  const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
  setupSecurity(app as unknown as App, session as unknown as Session, PAGE);
  app.emit('web-contents-created', {}, contents as unknown as WebContents);
  return { session, contents };
}

function navigate(contents: EventEmitter, eventName: string, url: string): boolean {
  const event = { url, preventDefault: vi.fn() };
  contents.emit(eventName, event);
  return event.preventDefault.mock.calls.length > 0;
}

describe('setupSecurity', () => {
  it('denies every permission request and check', () => {
    const { session } = fakes();
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      ...a: unknown[]
    ) => void;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as (
      ...a: unknown[]
    ) => boolean;
    expect(check({}, 'media', 'file://', {})).toBe(false);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s: any URL but our page is cancelled',
    (eventName) => {
      const { contents } = fakes();
      expect(navigate(contents, eventName, 'https://example.com/')).toBe(true);
      expect(navigate(contents, eventName, 'file:///etc/passwd')).toBe(true);
      expect(navigate(contents, eventName, 'http://127.0.0.1:8080/')).toBe(true);
      expect(navigate(contents, eventName, 'javascript:alert(1)')).toBe(true);
      expect(navigate(contents, eventName, PAGE)).toBe(false);
    },
  );

  it('denies window.open and webview attachment on every created WebContents', () => {
    const { contents } = fakes();
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as (d: unknown) => unknown;
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: PAGE })).toEqual({ action: 'deny' });
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});
