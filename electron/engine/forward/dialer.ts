/** Opens the remote half of a connection for a route: a v4 port-forward for pod routes. */
import type { Duplex } from 'node:stream';
import WebSocket, { type ClientOptions } from 'ws';
import { PortsideError } from '../../../shared/errors.ts';
import type { KubeSession } from '../kube/kube-session.ts';
import { PortForwardStream, V4_PROTOCOL } from './port-forward-stream.ts';
import type { TransportKind } from './spdy/transport.ts';
import {
  createTunnelDialer,
  createTunnelMemory,
  type TunnelDialer,
  type TunnelDialerOptions,
} from './spdy/tunnel-dialer.ts';
import type { AgentRoutePlan, PodRoutePlan, RoutePlan } from './routes.ts';

/**
 * The remote end of one connection. Emits 'ready' once connected (for eager connect), ends its
 * readable side when the remote closes, and keeps exact counters of bytes really sent/received.
 */
export interface RemoteStream extends Duplex {
  bytesUp: number;
  bytesDown: number;
  /** Why the remote side closed, in its own words (the port-forward ERROR channel). */
  closeReason: string | undefined;
  /** Whether ending the writable side reaches the pod as a FIN (SPDY yes, v4 no). */
  readonly carriesHalfClose?: boolean;
  /** Agent route: the address the agent resolved and the pod it dialled from (shown per connection). */
  readonly remote?: string;
  readonly pod?: string;
}

export type WebSocketFactory = (
  url: string,
  protocols: string[],
  options: ClientOptions,
) => WebSocket;
export const defaultWebSocketFactory: WebSocketFactory = (url, protocols, options) =>
  new WebSocket(url, protocols, options);

/** Opens an agent-carried stream; provided by the agent issue. */
export type AgentDialer = (plan: AgentRoutePlan, session: KubeSession) => Promise<RemoteStream>;

export interface DialerOptions {
  createWebSocket?: WebSocketFactory;
  pingIntervalMs?: number;
  /** Deadline of each port-forward upgrade (TCP + TLS + answer). Default 10 s. */
  handshakeTimeoutMs?: number;
  agent?: AgentDialer;
  /**
   * Try SPDY (half-close; the raw upgrade, then the WebSocket tunnel) before v4. Default: on,
   * unless a custom `createWebSocket` is given (that caller expects v4 WebSockets).
   */
  tunnel?: boolean;
  /** Opens tunnel sessions; tests inject a fake. */
  createSession?: TunnelDialerOptions['createSession'];
  /** Tunnel session keep-alive (see spdy/session-pool.ts); false: one session per connection. */
  pool?: TunnelDialerOptions['pool'];
  clock?: TunnelDialerOptions['clock'];
}

export type RemoteDialer = ((plan: RoutePlan, session: KubeSession) => Promise<RemoteStream>) & {
  /** Lets go of kept-alive sessions; called when the forwarder is disposed. */
  close?(): void;
};

/** A small id per KubeSession, so pool keys are strings and a new session never reuses old ones. */
const sessionIds = new WeakMap<KubeSession, number>();
let nextSessionId = 1;
const sessionKey = (s: KubeSession, plan: PodRoutePlan): string => {
  let id = sessionIds.get(s);
  if (id === undefined) sessionIds.set(s, (id = nextSessionId++));
  return `${id}/${plan.namespace}/${plan.pod}`;
};

/**
 * Raw first: it spares both ends the WebSocket framing, and an API server relays it to the kubelet
 * as it is (forward/README.md has the figures). kubectl ≥ 1.31 tries the tunnel first because
 * some proxies pass only WebSockets; such a proxy refuses the raw upgrade, and that cluster is
 * dialled through the tunnel from then on.
 */
const TRANSPORTS: readonly TransportKind[] = ['raw', 'tunnel'];

/** A zero masking key (see podDial); ws's mask buffer is shared, so it is cleared every time. */
const zeroMask = (mask: Uint8Array): void => {
  mask.fill(0);
};

/** Dials pod routes over port-forward, agent routes through the agent seam (or fails clearly). */
export function createDialer(opts: DialerOptions = {}): RemoteDialer {
  const make = opts.createWebSocket ?? defaultWebSocketFactory;
  const tunnel = (opts.tunnel ?? !opts.createWebSocket) ? createTunnelDialer(opts) : undefined;
  const refused = { raw: createTunnelMemory(), tunnel: createTunnelMemory() };
  const request = async (plan: PodRoutePlan, session: KubeSession) => {
    const req = await session.portForwardRequest(plan.namespace, plan.pod, plan.port);
    // perMessageDeflate off: the API server does not offer it and it would cost CPU per chunk.
    // An all-zero mask lets ws skip XOR-masking every frame in JavaScript (3× less upload CPU).
    // Masking defends browser-origin traffic against cache poisoning by HTTP intermediaries;
    // this client is not a browser and the stream runs over TLS to the API server.
    const options: ClientOptions = {
      ...req.options,
      perMessageDeflate: false,
      generateMask: zeroMask,
    };
    return { url: req.url, options };
  };
  const v4Opts = {
    ...(opts.pingIntervalMs === undefined ? {} : { pingIntervalMs: opts.pingIntervalMs }),
    ...(opts.handshakeTimeoutMs === undefined
      ? {}
      : { handshakeTimeoutMs: opts.handshakeTimeoutMs }),
  };
  /** A SPDY stream over the first upgrade the cluster has not refused, or none. */
  const spdyDial = async (t: TunnelDialer, plan: PodRoutePlan, session: KubeSession) => {
    for (const kind of TRANSPORTS) {
      if (refused[kind].refused(session)) continue;
      const r = await t(sessionKey(session, plan), () => request(plan, session), plan.port, kind);
      if (r.ok) return r.stream;
      // A refusal about the protocol is remembered for the cluster (kubectl falls back the same
      // way, §6.2); one about the request (401/403/404) may differ by verb, so the next is tried.
      if (r.remember) refused[kind].remember(session);
    }
    return undefined;
  };
  const podDial = async (plan: PodRoutePlan, session: KubeSession): Promise<RemoteStream> => {
    const stream = tunnel && (await spdyDial(tunnel, plan, session));
    if (stream) return stream;
    const req = await request(plan, session);
    return new PortForwardStream(make(req.url, [V4_PROTOCOL], req.options), plan.port, v4Opts);
  };
  const dial: RemoteDialer = async (plan, session) => {
    if (plan.route !== 'agent') return podDial(plan, session);
    if (opts.agent) return opts.agent(plan, session);
    throw new PortsideError(
      'Network',
      `reaching ${plan.host}:${plan.port} needs the in-cluster agent, which is not available yet`,
    );
  };
  dial.close = () => tunnel?.close();
  return dial;
}
