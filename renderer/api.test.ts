import { afterEach, describe, expect, it } from 'vitest';
import { connectApi, socketUrl, takeTokenFromUrl } from './api.ts';
import { createFakeApi } from './testing/fake-api.ts';

afterEach(() => {
  delete window.portside;
  window.history.replaceState(null, '', '/');
});

describe('takeTokenFromUrl', () => {
  it('returns the token and removes it from the address bar, keeping the rest', () => {
    window.history.replaceState(null, '', '/?a=1&token=abc_-9#x');
    expect(takeTokenFromUrl(window)).toBe('abc_-9');
    expect(window.location.search).toBe('?a=1');
    expect(window.location.hash).toBe('#x');
  });
  it('returns null when there is none', () => {
    window.history.replaceState(null, '', '/');
    expect(takeTokenFromUrl(window)).toBeNull();
  });
});

describe('socketUrl', () => {
  it('targets /ws on the same host, with the token when known', () => {
    const loc = { protocol: 'http:', host: '127.0.0.1:4000' } as Location;
    expect(socketUrl(loc, 'a b')).toBe('ws://127.0.0.1:4000/ws?token=a%20b');
    expect(socketUrl(loc, null)).toBe('ws://127.0.0.1:4000/ws');
    expect(socketUrl({ protocol: 'https:', host: 'x:1' } as Location, null)).toBe('wss://x:1/ws');
  });
});

describe('connectApi', () => {
  it('uses window.portside when the preload provided it', () => {
    const fake = createFakeApi();
    window.portside = fake.api;
    expect(connectApi(window).api).toBe(fake.api);
    expect(connectApi(window).onLinkStatus).toBeUndefined();
  });
});
