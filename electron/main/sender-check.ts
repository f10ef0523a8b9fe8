/**
 * Who may call the contract: only the main frame of our own window, showing our own page.
 * Electron-free (structural types) so tests pass plain objects.
 */

/** The parts of Electron's WebFrameMain we look at. */
export interface FrameLike {
  readonly url: string;
}

/** The parts of an IpcMainInvokeEvent we look at. */
export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The parts of a window's WebContents we look at. */
export interface ContentsLike {
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

/**
 * True when `url` is exactly our page (`file://…/dist/renderer/index.html`), ignoring query and
 * fragment (client-side routing may use them). Anything else — another file, http(s), data:,
 * about:blank — is foreign.
 */
export function isOwnPage(url: string, pageUrl: string): boolean {
  let actual: URL;
  try {
    actual = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(pageUrl);
  return (
    actual.protocol === 'file:' &&
    actual.host === expected.host &&
    actual.pathname === expected.pathname
  );
}

/**
 * The security check in front of every handler. The frame must be the very main-frame object of
 * our window's contents: a sub-frame (even same-origin) or another WebContents (devtools, a
 * stray window) is refused, and so is our main frame once it shows anything but our page.
 * `senderFrame` is null when the frame navigated away or was destroyed mid-call: refused too.
 */
export function isTrustedSender(
  event: InvokeEventLike,
  contents: ContentsLike | undefined,
  pageUrl: string,
): boolean {
  if (!contents || contents.isDestroyed()) return false;
  if (event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== contents.mainFrame) return false;
  return isOwnPage(frame.url, pageUrl);
}
