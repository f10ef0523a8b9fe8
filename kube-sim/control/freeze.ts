/**
 * The API server "frozen without closing sockets" fault: a laptop that slept, a VPN that dropped
 * packets. Open connections (watches, port-forward and exec streams) stop reading and their
 * writes are held; new requests and upgrades wait before any answer (node:http parses requests
 * from the native handle, so pausing a socket alone would not hold them). Clients see no answer,
 * no error and no close; after the given time everything flows again, as if the network came
 * back. Connections made during the freeze complete the TLS handshake, then hear nothing.
 */
import type { TLSSocket } from 'node:tls';

export interface Freezer {
  /** Registers a connection (the API server calls this for each TLS socket). */
  adopt(socket: TLSSocket): void;
  /** Freezes for `ms` (a new call extends or shortens it); resolves when it thaws. */
  freeze(ms: number): Promise<void>;
  /** Ends the freeze now. */
  thaw(): void;
  /** While frozen, a promise that settles at the thaw (new requests wait on it); else undefined. */
  hold(): Promise<void> | undefined;
  readonly frozen: boolean;
}

export function createFreezer(): Freezer {
  const sockets = new Set<TLSSocket>();
  const held = new Set<TLSSocket>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waiters: Array<() => void> = [];

  const hold = (s: TLSSocket): void => {
    if (held.has(s) || s.destroyed) return;
    held.add(s);
    s.pause();
    s.cork();
  };
  const thaw = (): void => {
    clearTimeout(timer);
    timer = undefined;
    for (const s of held) {
      s.uncork();
      s.resume();
    }
    held.clear();
    for (const w of waiters.splice(0)) w();
  };

  return {
    adopt(socket) {
      sockets.add(socket);
      socket.once('close', () => {
        sockets.delete(socket);
        held.delete(socket);
      });
      if (timer) hold(socket);
    },
    freeze(ms) {
      clearTimeout(timer);
      timer = setTimeout(thaw, ms);
      timer.unref(); // a sim closed while frozen must not be kept alive by its own fault
      for (const s of sockets) hold(s);
      return new Promise((resolve) => waiters.push(resolve));
    },
    thaw,
    hold: () => (timer ? new Promise<void>((resolve) => waiters.push(resolve)) : undefined),
    get frozen() {
      return timer !== undefined;
    },
  };
}
