/**
 * App-wide hardening that does not depend on which window is open: every WebContents Electron
 * ever creates (our window, devtools, anything a bug might spawn) gets navigation and pop-ups
 * locked to our page, and the session grants no permission at all.
 */
import type { App, Session, WebContents } from 'electron';
import { isOwnPage } from './sender-check.ts';

interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** Installs the permission handlers and the per-WebContents guards. Call before any window. */
export function setupSecurity(app: App, session: Session, pageUrl: string): void {
  // Portside needs no browser permission (camera, notifications API, clipboard-read, …); OS
  // notifications come from the main process, not the page.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, pageUrl));
}

/**
 * Our page is a local bundle; it never needs to leave itself. A navigation elsewhere (a link, a
 * redirect, `location = …`, a frame) would hand the preload's API to foreign content, so it is
 * cancelled. Same-document changes (fragments, history API) do not emit these events.
 */
export function hardenContents(contents: WebContents, pageUrl: string): void {
  const stayOnPage = (event: NavigationEvent): void => {
    if (!isOwnPage(event.url, pageUrl)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => stayOnPage(event));
  contents.on('will-frame-navigate', (event) => stayOnPage(event));
  contents.on('will-redirect', (event) => stayOnPage(event));
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
