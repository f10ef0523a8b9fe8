/**
 * The streaming endpoints of pods/portforward and pods/exec. The API server authenticates,
 * finds the pod and hands every `upgrade` event for these subresources to the two handlers
 * below; GET+websocket and POST+SPDY/3.1 both arrive here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createWebSocketStream } from 'ws';
import { errorText } from '../../shared/errors.ts';
import type { StreamContext } from './context.ts';
import { parseExecQuery } from './exec-common.ts';
import {
  acceptSpdy,
  acceptWebSocket,
  headerList,
  negotiate,
  offeredSubprotocols,
  refuseUpgrade,
  TUNNEL_PROTOCOL,
  upgradeKind,
  type UpgradeKind,
} from './handshake.ts';
import { EXEC_SPDY_PROTOCOLS, serveSpdyExec } from './spdy-exec.ts';
import { serveSpdyPortForward } from './spdy-portforward.ts';
import { EXEC_WS_PROTOCOLS, serveWsExec } from './ws-exec.ts';
import { parsePorts, serveWsPortForward } from './ws-portforward.ts';

export type { StreamContext, StreamFaults } from './context.ts';

const PORTFORWARD_SPDY = 'portforward.k8s.io';
const PORTFORWARD_WS = ['v4.channel.k8s.io', 'v4.base64.channel.k8s.io'];

/** Serves `pods/portforward`: WS v4 (client-node), WS SPDY tunnel (kubectl ≥ 1.31), raw SPDY. */
export function handlePortForwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: StreamContext,
): void {
  const kind = admit(req, socket, ctx);
  if (!kind) return;
  if (kind === 'spdy') {
    const offered = headerList(req.headers['x-stream-protocol-version']);
    if (!offered.includes(PORTFORWARD_SPDY))
      return refuseProtocols(socket, offered, [PORTFORWARD_SPDY]);
    acceptSpdy(socket, head, PORTFORWARD_SPDY);
    serveSpdyPortForward(socket, ctx);
    return;
  }
  const offered = offeredSubprotocols(req);
  if (offered.includes(TUNNEL_PROTOCOL)) {
    void acceptWebSocket(req, socket, head, TUNNEL_PROTOCOL).then((ws) => {
      // Message boundaries mean nothing inside the tunnel: it is one byte stream (§6.2).
      const stream = createWebSocketStream(ws);
      stream.on('error', () => stream.destroy());
      serveSpdyPortForward(stream, ctx, { endTransport: () => ws.close(1000) });
    });
    return;
  }
  const protocol = offered.length === 0 ? '' : negotiate(offered, PORTFORWARD_WS);
  if (protocol === undefined)
    return refuseProtocols(socket, offered, [...PORTFORWARD_WS, TUNNEL_PROTOCOL]);
  let ports: number[];
  try {
    ports = parsePorts(req.url);
  } catch (err) {
    return refuseUpgrade(socket, 400, errorText(err));
  }
  if (ports.length === 0) return refuseUpgrade(socket, 400, 'query parameter "ports" is required');
  void acceptWebSocket(req, socket, head, protocol).then((ws) =>
    serveWsPortForward(ws, ports, protocol === 'v4.base64.channel.k8s.io', ctx),
  );
}

/** Serves `pods/exec`: WS v5/v4 (kubectl ≥ 1.30, client-node) and SPDY (older kubectl). */
export function handleExecUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: StreamContext & { container: string },
): void {
  const kind = admit(req, socket, ctx);
  if (!kind) return;
  const opts = parseExecQuery(req.url);
  if (!opts.stdin && !opts.stdout && !opts.stderr) {
    return refuseUpgrade(socket, 400, 'you must specify at least 1 of stdin, stdout, stderr');
  }
  if (kind === 'spdy') {
    const offered = headerList(req.headers['x-stream-protocol-version']);
    const protocol = negotiate(offered, EXEC_SPDY_PROTOCOLS);
    if (!protocol) return refuseProtocols(socket, offered, EXEC_SPDY_PROTOCOLS);
    acceptSpdy(socket, head, protocol);
    serveSpdyExec(socket, opts, ctx);
    return;
  }
  const offered = offeredSubprotocols(req);
  const protocol = negotiate(offered, EXEC_WS_PROTOCOLS);
  if (!protocol) return refuseProtocols(socket, offered, EXEC_WS_PROTOCOLS);
  void acceptWebSocket(req, socket, head, protocol).then((ws) =>
    // A bug here must cost one exec session, never the API server process.
    serveWsExec(ws, protocol, opts, ctx).catch(() => ws.terminate()),
  );
}

/** Applies the upgrade faults and rejects requests that are no upgrade we know. */
function admit(req: IncomingMessage, socket: Duplex, ctx: StreamContext): UpgradeKind | null {
  socket.on('error', () => socket.destroy());
  const kind = upgradeKind(req);
  if (!kind) {
    refuseUpgrade(socket, 400, 'Upgrade request required');
    return null;
  }
  const refused = kind === 'websocket' ? ctx.faults.refuseWebSocket : ctx.faults.refuseSpdy;
  if (ctx.faults.refuseAll || refused) {
    refuseUpgrade(
      socket,
      400,
      `${kind === 'websocket' ? 'WebSocket' : 'SPDY'} upgrade refused by kube-sim (fault injection)`,
    );
    return null;
  }
  return kind;
}

function refuseProtocols(socket: Duplex, offered: string[], supported: string[]): void {
  refuseUpgrade(
    socket,
    400,
    `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${supported.join(' ')}]`,
  );
}
