import { describe, expect, it } from 'vitest';
import {
  checkRequest,
  cookieName,
  hostAllowed,
  newToken,
  originAllowed,
  readCookie,
  tokenCookie,
  type GuardOptions,
} from './http-guard.ts';

const opts: GuardOptions = { token: 'tok-123', port: 4242, bindHost: '127.0.0.1' };
const url = (q = '') => new URL(`http://127.0.0.1:4242/${q}`);

describe('hostAllowed', () => {
  it('accepts loopback names with our port only', () => {
    expect(hostAllowed('127.0.0.1:4242', opts)).toBe(true);
    expect(hostAllowed('localhost:4242', opts)).toBe(true);
    expect(hostAllowed('LOCALHOST:4242', opts)).toBe(true);
    expect(hostAllowed('[::1]:4242', opts)).toBe(true);
    expect(hostAllowed('127.0.0.1:4243', opts)).toBe(false);
    expect(hostAllowed('127.0.0.1', opts)).toBe(false);
    expect(hostAllowed(undefined, opts)).toBe(false);
  });
  it('rejects domain names (DNS rebinding) and IP literals on a loopback bind', () => {
    expect(hostAllowed('evil.example:4242', opts)).toBe(false);
    expect(hostAllowed('127.0.0.1.nip.io:4242', opts)).toBe(false);
    expect(hostAllowed('192.168.1.5:4242', opts)).toBe(false);
  });
  it('accepts IP literals but still no domain names on a wildcard bind', () => {
    const wide = { ...opts, bindHost: '0.0.0.0' };
    expect(hostAllowed('192.168.1.5:4242', wide)).toBe(true);
    expect(hostAllowed('[fe80::1]:4242', wide)).toBe(true);
    expect(hostAllowed('my-laptop.lan:4242', wide)).toBe(false);
  });
});

describe('originAllowed', () => {
  it('allows a missing Origin and exactly our own', () => {
    expect(originAllowed(undefined, opts)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4242', opts)).toBe(true);
    expect(originAllowed('http://localhost:4242', opts)).toBe(true);
  });
  it('rejects everything else', () => {
    for (const o of [
      'null',
      'https://127.0.0.1:4242',
      'http://127.0.0.1:1',
      'http://evil.example',
      'http://127.0.0.1:4242/x',
      'file://',
    ]) {
      expect(originAllowed(o, opts), o).toBe(false);
    }
  });
});

describe('checkRequest', () => {
  const base = { host: '127.0.0.1:4242' };
  it('401 without a token or with a wrong one', () => {
    expect(checkRequest(url(), base, opts)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(url('?token=nope'), base, opts)).toMatchObject({ ok: false, status: 401 });
    expect(
      checkRequest(url(), { ...base, cookie: `${cookieName(4242)}=nope` }, opts),
    ).toMatchObject({ status: 401 });
  });
  it('accepts the token from the query (and asks for the cookie) or from the cookie', () => {
    expect(checkRequest(url('?token=tok-123'), base, opts)).toEqual({ ok: true, setCookie: true });
    const cookie = `a=b; ${cookieName(4242)}=tok-123`;
    expect(checkRequest(url(), { ...base, cookie }, opts)).toEqual({ ok: true, setCookie: false });
  });
  it('does not take another port’s cookie', () => {
    expect(
      checkRequest(url(), { ...base, cookie: `${cookieName(4243)}=tok-123` }, opts),
    ).toMatchObject({ status: 401 });
  });
  it('403 for a foreign Host or Origin even with the right token', () => {
    const q = url('?token=tok-123');
    expect(checkRequest(q, { host: 'evil.example:4242' }, opts)).toMatchObject({ status: 403 });
    expect(checkRequest(q, { ...base, origin: 'http://evil.example' }, opts)).toMatchObject({
      status: 403,
    });
  });
});

describe('tokens and cookies', () => {
  it('makes 32-char base64url tokens that differ', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newToken()).not.toBe(a);
  });
  it('sets an HttpOnly, SameSite=Strict cookie per port', () => {
    expect(tokenCookie(opts)).toBe(
      'portside_token_4242=tok-123; HttpOnly; SameSite=Strict; Path=/',
    );
    expect(readCookie('x=1; portside_token_4242=abc', 'portside_token_4242')).toBe('abc');
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });
});
