/**
 * The contract over one WebSocket per browser tab (envelope: shared/ws-envelope.ts).
 * Every incoming frame is validated here; a malformed one is answered with a Validation error and
 * never reaches a handler or crashes the host. Everything a tab can grow is bounded: frame size
 * (the server's maxPayload), requests in flight (refused with LimitReached beyond the limit),
 * events waiting for a slow tab (snapshots coalesce; a tab too far behind is asked to reconnect).
 */
import type { WebSocket } from 'ws';
import { dispatch } from '../../shared/contract-dispatch.ts';
import type { EventChannel, HandlerMap, InvokeResult, PayloadOf } from '../../shared/contract.ts';
import { errorText } from '../../shared/errors.ts';
import { validationText } from '../../shared/validation-text.ts';
import { createEventOutbox, type EventOutbox } from '../../shared/event-outbox.ts';
import {
  ClientMessageSchema,
  RequestIdSchema,
  WS_MAX_PENDING_REQUESTS,
  type RequestId,
  type ServerMessage,
} from '../../shared/ws-envelope.ts';

/** Above this many unsent bytes a tab counts as slow: events wait (and coalesce) in its outbox. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** A tab that does not read its socket at all is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Close code 1013 "try again later": the client reconnects and re-fetches the whole state. */
const CLOSE_TRY_AGAIN = 1013;
/** At most ~10 full rule lists a second per tab, however fast rules change. */
const SNAPSHOT_INTERVAL_MS = 100;

export interface WsBridgeOptions {
  maxPending?: number;
}

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
  outbox: EventOutbox;
  pending: number;
}

function send(peer: Peer, msg: ServerMessage): void {
  const { socket } = peer;
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.close(CLOSE_TRY_AGAIN, 'client too slow');
    return;
  }
  // Once this frame is written, events that waited for the tab may follow.
  socket.send(JSON.stringify(msg), () => peer.outbox.flush());
}

function refusal(id: unknown, kind: 'Validation' | 'LimitReached', message: string): ServerMessage {
  const parsedId = RequestIdSchema.safeParse(id);
  return {
    id: parsedId.success ? parsedId.data : null,
    result: { ok: false, error: { kind, message } },
  };
}

type Parsed = { ok: true; id: RequestId; channel: string; request?: unknown } | ServerMessage;

function parse(raw: string): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return refusal(null, 'Validation', 'message is not valid JSON');
  }
  const parsed = ClientMessageSchema.safeParse(json);
  if (!parsed.success) {
    const id = (json as { id?: unknown } | null)?.id;
    return refusal(id, 'Validation', validationText('malformed message', parsed.error));
  }
  return { ok: true, ...parsed.data };
}

async function answer(handlersP: Promise<HandlerMap>, channel: string, request: unknown) {
  return handlersP.then(
    (handlers) => dispatch(handlers, channel, request),
    (err: unknown): InvokeResult => ({
      ok: false,
      error: {
        kind: 'Internal',
        message: `the Portside engine failed to start: ${errorText(err)}`,
      },
    }),
  );
}

/** Per-tab handlers: `app:ready` releases the events queued for that tab, then runs the host's. */
function peerHandlers(handlers: HandlerMap, peer: Peer): HandlerMap {
  return {
    ...handlers,
    'app:ready': async (request) => {
      peer.outbox.markReady();
      return handlers['app:ready'](request);
    },
  };
}

function onMessage(peer: Peer, own: Promise<HandlerMap>, maxPending: number, text: string): void {
  const msg = parse(text);
  if (!('ok' in msg)) return send(peer, msg);
  if (peer.pending >= maxPending) {
    const why = `too many requests in flight on this connection (limit ${maxPending}); wait for answers`;
    return send(peer, refusal(msg.id, 'LimitReached', why));
  }
  peer.pending += 1;
  void answer(own, msg.channel, msg.request).then((result) => {
    peer.pending -= 1;
    send(peer, { id: msg.id, result });
  });
}

/**
 * Creates the bridge for one engine's handler map. The map may still be loading (the host listens
 * before the engine's heavy imports finish); requests wait for it.
 */
export function createWsBridge(
  handlers: HandlerMap | Promise<HandlerMap>,
  opts: WsBridgeOptions = {},
): WsBridge {
  const handlersP = Promise.resolve(handlers);
  handlersP.catch(() => undefined); // reported per request instead
  const peers = new Set<Peer>();
  const maxPending = opts.maxPending ?? WS_MAX_PENDING_REQUESTS;

  const attach = (socket: WebSocket): void => {
    const peer: Peer = { socket, pending: 0, outbox: undefined as unknown as EventOutbox };
    peer.outbox = createEventOutbox({
      send: (event, payload) => send(peer, { event, payload }),
      congested: () => socket.bufferedAmount > HIGH_WATER_BYTES,
      onOverflow: () => socket.close(CLOSE_TRY_AGAIN, 'too many queued events'),
      snapshotIntervalMs: SNAPSHOT_INTERVAL_MS,
    });
    const own = handlersP.then((h) => peerHandlers(h, peer));
    own.catch(() => undefined);
    peers.add(peer);
    socket.on('close', () => {
      peers.delete(peer);
      peer.outbox.dispose();
    });
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        send(peer, refusal(null, 'Validation', 'binary frames are not part of the protocol'));
        return;
      }
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : data.toString('utf8');
      onMessage(peer, own, maxPending, text);
    });
  };

  const broadcast = <K extends EventChannel>(channel: K, payload: PayloadOf<K>): void => {
    for (const peer of peers) peer.outbox.push(channel, payload);
  };

  const closeAll = (code = 1001, reason = 'server shutting down'): void => {
    for (const peer of peers) peer.socket.close(code, reason);
  };

  return { attach, broadcast, closeAll };
}
