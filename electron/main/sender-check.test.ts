import { describe, expect, it } from 'vitest';
import { isOwnPage, isTrustedSender } from './sender-check.ts';

const PAGE = 'file:///home/u/My%20Apps/portside/dist/renderer/index.html';

describe('isOwnPage', () => {
  it.each([
    [PAGE, true],
    [`${PAGE}#/rules`, true],
    [`${PAGE}?tab=2`, true],
    ['file:///home/u/My%20Apps/portside/dist/renderer/other.html', false],
    ['file:///home/u/My%20Apps/portside/dist/renderer/index.html/..', false],
    ['file://evil-host/home/u/My%20Apps/portside/dist/renderer/index.html', false],
    ['https://home/u/My%20Apps/portside/dist/renderer/index.html', false],
    ['about:blank', false],
    ['data:text/html,hi', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isOwnPage(url, PAGE)).toBe(expected);
  });
});

describe('isTrustedSender', () => {
  const contents = () => {
    const c = { mainFrame: { url: PAGE }, isDestroyed: () => false };
    return c;
  };

  it('trusts the main frame of our contents showing our page', () => {
    const c = contents();
    expect(isTrustedSender({ sender: c, senderFrame: c.mainFrame }, c, PAGE)).toBe(true);
  });

  it('refuses an equal-looking frame object that is not the main frame', () => {
    const c = contents();
    expect(isTrustedSender({ sender: c, senderFrame: { url: PAGE } }, c, PAGE)).toBe(false);
  });

  it('refuses when no contents are known or they are destroyed', () => {
    const c = contents();
    expect(isTrustedSender({ sender: c, senderFrame: c.mainFrame }, undefined, PAGE)).toBe(false);
    const gone = { ...c, isDestroyed: () => true };
    expect(isTrustedSender({ sender: gone, senderFrame: gone.mainFrame }, gone, PAGE)).toBe(false);
  });
});
