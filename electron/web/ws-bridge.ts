/**
 * The contract over one WebSocket per browser tab.
 * client → `{ id, channel, request }`; server → `{ id, result: InvokeResult }` and `{ event, payload }`.
 * Every incoming frame is validated here; a malformed one is answered with a Validation error and
 * never reaches a handler or crashes the host.
 */
import { z } from 'zod';
import type { WebSocket } from 'ws';
import { dispatch } from '../../shared/contract-dispatch.ts';
import type { EventChannel, HandlerMap, InvokeResult, PayloadOf } from '../../shared/contract.ts';
import { errorText } from '../../shared/errors.ts';

const IdSchema = z.union([z.number().int().nonnegative(), z.string().min(1).max(100)]);
const ClientMessageSchema = z
  .object({ id: IdSchema, channel: z.string().min(1).max(100), request: z.unknown().optional() })
  .strict();

/** What the host sends: an answer to one request, or an event. */
export type ServerMessage =
  | { id: z.infer<typeof IdSchema> | null; result: InvokeResult }
  | { event: EventChannel; payload: unknown };

/** Events held for a tab that has not said `app:ready` yet; a tab this far behind reconnects. */
const MAX_QUEUED = 1000;
/** A tab that does not read its socket is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Close code 1013 "try again later": the client reconnects and re-fetches the whole state. */
const CLOSE_TRY_AGAIN = 1013;

export interface WsBridge {
  /** Serves the contract on an accepted socket until it closes. */
  attach(socket: WebSocket): void;
  /** Sends an event to every connected tab (queued per tab until its ready handshake). */
  broadcast<K extends EventChannel>(channel: K, payload: PayloadOf<K>): void;
  /** Closes every socket (server shutdown). */
  closeAll(code?: number, reason?: string): void;
}

interface Peer {
  socket: WebSocket;
  ready: boolean;
  queue: string[];
}

function send(peer: Peer, text: string): void {
  if (peer.socket.readyState !== peer.socket.OPEN) return;
  if (peer.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    peer.socket.close(CLOSE_TRY_AGAIN, 'client too slow');
    return;
  }
  peer.socket.send(text);
}

function invalid(id: unknown, message: string): string {
  const parsedId = IdSchema.safeParse(id);
  const msg: ServerMessage = {
    id: parsedId.success ? parsedId.data : null,
    result: { ok: false, error: { kind: 'Validation', message } },
  };
  return JSON.stringify(msg);
}

async function answer(handlersP: Promise<HandlerMap>, raw: string): Promise<string> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return invalid(null, 'message is not valid JSON');
  }
  const parsed = ClientMessageSchema.safeParse(json);
  if (!parsed.success) {
    const id = (json as { id?: unknown } | null)?.id;
    return invalid(id, `malformed message: ${z.prettifyError(parsed.error)}`);
  }
  const { id, channel, request } = parsed.data;
  const result = await handlersP.then(
    (handlers) => dispatch(handlers, channel, request),
    (err: unknown): InvokeResult => ({
      ok: false,
      error: {
        kind: 'Internal',
        message: `the Portside engine failed to start: ${errorText(err)}`,
      },
    }),
  );
  const msg: ServerMessage = { id, result };
  return JSON.stringify(msg);
}

/** Per-tab handlers: `app:ready` releases the events queued for that tab, then runs the host's. */
function peerHandlers(handlers: HandlerMap, peer: Peer): HandlerMap {
  return {
    ...handlers,
    'app:ready': async (request) => {
      peer.ready = true;
      for (const text of peer.queue.splice(0)) send(peer, text);
      return handlers['app:ready'](request);
    },
  };
}

/**
 * Creates the bridge for one engine's handler map. The map may still be loading (the host listens
 * before the engine's heavy imports finish); requests wait for it.
 */
export function createWsBridge(handlers: HandlerMap | Promise<HandlerMap>): WsBridge {
  const handlersP = Promise.resolve(handlers);
  handlersP.catch(() => undefined); // reported per request instead
  const peers = new Set<Peer>();

  const attach = (socket: WebSocket): void => {
    const peer: Peer = { socket, ready: false, queue: [] };
    const own = handlersP.then((h) => peerHandlers(h, peer));
    own.catch(() => undefined);
    peers.add(peer);
    socket.on('close', () => peers.delete(peer));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        send(peer, invalid(null, 'binary frames are not part of the protocol'));
        return;
      }
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : data.toString('utf8');
      void answer(own, text).then((reply) => send(peer, reply));
    });
  };

  const broadcast = <K extends EventChannel>(channel: K, payload: PayloadOf<K>): void => {
    const msg: ServerMessage = { event: channel, payload };
    const text = JSON.stringify(msg);
    for (const peer of peers) {
      if (peer.ready) send(peer, text);
      else if (peer.queue.push(text) > MAX_QUEUED)
        peer.socket.close(CLOSE_TRY_AGAIN, 'too many queued events');
    }
  };

  const closeAll = (code = 1001, reason = 'server shutting down'): void => {
    for (const peer of peers) peer.socket.close(code, reason);
  };

  return { attach, broadcast, closeAll };
}
