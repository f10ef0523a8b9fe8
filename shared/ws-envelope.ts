/**
 * The one envelope of the contract over a WebSocket, both directions, and its bounds.
 * client → `{ id, channel, request }`; host → `{ id, result }` (answer) or `{ event, payload }`.
 * The browser host (electron/web/ws-bridge.ts) and the renderer's transport (renderer/ws-transport.ts)
 * both parse with these schemas.
 */
import { z } from 'zod';
import {
  eventChannels,
  InvokeResultSchema,
  type EventChannel,
  type InvokeResult,
} from './contract.ts';

/** Largest frame the host accepts; a rule is a few hundred bytes, a whole config import < 64 kB. */
export const WS_MAX_FRAME_BYTES = 256 * 1024;
/** Requests one socket may have in flight; more are refused at once (LimitReached). */
export const WS_MAX_PENDING_REQUESTS = 64;

export const RequestIdSchema = z.union([
  z.number().int().nonnegative(),
  z.string().min(1).max(100),
]);
export type RequestId = z.infer<typeof RequestIdSchema>;

export const ClientMessageSchema = z
  .object({
    id: RequestIdSchema,
    channel: z.string().min(1).max(100),
    request: z.unknown().optional(),
  })
  .strict();
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.union([
  z.object({ id: z.union([RequestIdSchema, z.null()]), result: InvokeResultSchema }),
  z.object({
    event: z.enum(eventChannels as [EventChannel, ...EventChannel[]]),
    payload: z.unknown(),
  }),
]);

/** What the host sends: an answer to one request (id null when the request had none), or an event. */
export type ServerMessage =
  { id: RequestId | null; result: InvokeResult } | { event: EventChannel; payload: unknown };
