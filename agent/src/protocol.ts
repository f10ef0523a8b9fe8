/**
 * Wire protocol v1 between the engine and the agent (see agent/PROTOCOL.md). Shared by both sides,
 * so it must stay node-core only and free of side effects.
 */
export const PROTOCOL_VERSION = 1;
/** Longest handshake line either side accepts (bytes, newline included). */
export const MAX_HANDSHAKE = 2048;

/** Roles a connection can take after the handshake. */
export type Role = 'connect' | 'incoming';
export type IncomingMode = 'auto' | 'steal' | 'listen';

export interface Hello {
  v: number;
  secret: string;
  role: Role;
  /** incoming only: the pod port to catch and how. */
  port?: number;
  mode?: IncomingMode;
}

export type Reply =
  { ok: true; v: number; mode?: 'steal' | 'listen'; pod?: string } | { ok: false; error: string };

/** Response headers of a CONNECT stream. */
export const H_ADDRESS = 'portside-address';
export const H_ERROR = 'portside-error';
export const H_REASON = 'portside-reason';
/** Request headers of an incoming stream (agent → engine). */
export const H_PEER = 'portside-peer';
export const INCOMING_PATH = '/v1/incoming';

/** Why a CONNECT failed: stable codes the engine turns into words. */
export type ConnectError = 'nxdomain' | 'refused' | 'timeout' | 'unreachable' | 'other';

/** Environment variables the engine sets on the agent container. */
export const ENV_PORT = 'PORTSIDE_AGENT_PORT';
export const ENV_SECRET_HASH = 'PORTSIDE_AGENT_SECRET_SHA256';
export const ENV_IDLE_MS = 'PORTSIDE_AGENT_IDLE_MS';

/** Parses one handshake line; undefined when it is not a v1 hello. */
export function parseHello(line: string): Hello | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const h = v as Record<string, unknown>;
  if (typeof h.v !== 'number' || typeof h.secret !== 'string') return undefined;
  if (h.role !== 'connect' && h.role !== 'incoming') return undefined;
  const hello: Hello = { v: h.v, secret: h.secret, role: h.role };
  if (h.role === 'incoming') {
    if (typeof h.port !== 'number' || !Number.isInteger(h.port) || h.port < 1 || h.port > 65535)
      return undefined;
    hello.port = h.port;
    const mode = h.mode ?? 'auto';
    if (mode !== 'auto' && mode !== 'steal' && mode !== 'listen') return undefined;
    hello.mode = mode;
  }
  return hello;
}

/** Parses the agent's reply line. */
export function parseReply(line: string): Reply | undefined {
  try {
    const r = JSON.parse(line) as Record<string, unknown>;
    if (r.ok === true && typeof r.v === 'number') return r as Reply;
    if (r.ok === false && typeof r.error === 'string') return r as Reply;
  } catch {
    // not JSON: not an agent
  }
  return undefined;
}
