/**
 * Access checks of the browser host, shared by plain requests and the WebSocket upgrade.
 *
 * Threats: another web page in the user's browser (CSRF / cross-site WebSocket hijacking → Origin
 * check), a hostile domain re-pointed at 127.0.0.1 (DNS rebinding → Host check), and any other
 * local process or user (→ the random token, compared in constant time).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';

export type GuardVerdict =
  { ok: true; setCookie: boolean } | { ok: false; status: 401 | 403; reason: string };

export interface GuardOptions {
  token: string;
  port: number;
  /** The address we bound; a non-loopback bind also accepts IP-literal Host headers. */
  bindHost: string;
}

/** A fresh random token for the URL: 24 bytes, base64url. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Per-port name: cookies are not isolated by port, two hosts on 127.0.0.1 must not collide. */
export function cookieName(port: number): string {
  return `portside_token_${port}`;
}

/** The Set-Cookie value that lets the token leave the URL after the first load. */
export function tokenCookie(opts: GuardOptions): string {
  return `${cookieName(opts.port)}=${opts.token}; HttpOnly; SameSite=Strict; Path=/`;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

function isLoopbackBind(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

/** `Host` must name us: a loopback name with our port, or (non-loopback bind) an IP literal. */
export function hostAllowed(hostHeader: string | undefined, opts: GuardOptions): boolean {
  if (!hostHeader) return false;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d+)$/.exec(hostHeader.toLowerCase());
  if (!m || Number(m[2]) !== opts.port) return false;
  const name = m[1] as string;
  if (LOOPBACK_NAMES.includes(name)) return true;
  // A rebinding attack needs a domain name; IP literals cannot be re-pointed.
  if (isLoopbackBind(opts.bindHost)) return false;
  return isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}

/** `Origin`, when a browser sends one, must be exactly our own `http://host:port`. */
export function originAllowed(origin: string | undefined, opts: GuardOptions): boolean {
  if (origin === undefined) return true; // not sent by address-bar navigations or non-browser clients
  const m = /^http:\/\/(.+)$/.exec(origin);
  return m !== null && hostAllowed(m[1], opts);
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Reads one cookie's value from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Decides one request: 403 for a foreign Host/Origin, 401 without a valid token, else ok. */
export function checkRequest(
  url: URL,
  headers: IncomingHttpHeaders,
  opts: GuardOptions,
): GuardVerdict {
  if (!hostAllowed(headers.host, opts)) return { ok: false, status: 403, reason: 'foreign Host' };
  const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
  if (!originAllowed(origin, opts)) return { ok: false, status: 403, reason: 'foreign Origin' };
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && safeEqual(fromQuery, opts.token)) {
    return { ok: true, setCookie: true };
  }
  const fromCookie = readCookie(headers.cookie, cookieName(opts.port));
  if (fromCookie !== undefined && safeEqual(fromCookie, opts.token)) {
    return { ok: true, setCookie: false };
  }
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
