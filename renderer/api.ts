/**
 * The renderer's only way out: `window.portside` when the Electron preload provided it, else the
 * browser host's WebSocket. Both speak the contract of shared/contract.ts, so nothing above this
 * file can tell the hosts apart.
 */
import type { PortsideApi } from '../shared/contract.ts';
import { createClient } from '../shared/contract-client.ts';
import { createWsTransport, type LinkStatus } from './ws-transport.ts';

declare global {
  interface Window {
    portside?: PortsideApi;
  }
}

/** The API plus, for the WebSocket, its link state (Electron IPC cannot drop). */
export interface ApiHandle {
  api: PortsideApi;
  onLinkStatus?: (listener: (status: LinkStatus) => void) => () => void;
}

/**
 * Takes the token out of the address bar: the host has set an HttpOnly cookie on this page's
 * response, so reloads and the socket authenticate without it. Returns the token for the first
 * socket (in case cookies are blocked).
 */
export function takeTokenFromUrl(win: Window): string | null {
  const url = new URL(win.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return null;
  url.searchParams.delete('token');
  win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token;
}

/** `ws://same-host/ws`, with the token when the page was opened with one. */
export function socketUrl(location: Location, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${location.host}/ws${query}`;
}

/** Picks the transport for this window; call once at startup. */
export function connectApi(win: Window & typeof globalThis = window): ApiHandle {
  if (win.portside) return { api: win.portside };
  const token = takeTokenFromUrl(win);
  const transport = createWsTransport(
    socketUrl(win.location, token),
    (url) => new win.WebSocket(url),
  );
  return { api: createClient(transport), onLinkStatus: transport.onStatus };
}
