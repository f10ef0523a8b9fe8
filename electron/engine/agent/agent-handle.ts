/**
 * One agent for one (context, namespace, target pod) — or, targetless, one agent pod per
 * (context, namespace) — shared by every rule and connection there. A small state machine:
 * idle → creating → pulling → running → ready; a lost agent → reconnecting → (re-inject) → ready;
 * a failure is kept (and shown) for 10 s, then the next use retries; stop → stopped (own pod
 * deleted).
 */
import type { ClientHttp2Session, IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { PortsideError, errorText } from '../../../shared/errors.ts';
import type { AgentView } from '../../../shared/model.ts';
import type { IncomingMode } from '../../../agent/src/protocol.ts';
import type { KubeSession } from '../kube/kube-session.ts';
import {
  agentConnect,
  openConnectSession,
  openIncomingSession,
  type IncomingSession,
} from './agent-session.ts';
import type { AgentStream } from './agent-stream.ts';
import { createAgent, waitRunning, type Injected } from './inject.ts';
import type { KubeWriter } from './kube-write.ts';

export interface AgentSettings {
  image: string;
  startupTimeoutMs: number;
  idleMs?: number;
  pingMs?: number;
  /** Capabilities asked for the agent container; default NET_ADMIN (steal's iptables). */
  capabilities?: string[];
}

export interface HandleDeps {
  session: KubeSession;
  writer: KubeWriter;
  script: () => Promise<string>;
  /** Opens a byte stream to `port` of `pod` (a Kubernetes port-forward). */
  transport(namespace: string, pod: string, port: number): Promise<Duplex>;
  settings: AgentSettings;
  namespace: string;
  /** Target pod, or undefined for a targetless agent pod. */
  pod?: string;
}

export interface AgentHandle {
  view(): AgentView;
  connect(host: string, port: number): Promise<AgentStream>;
  incoming(
    port: number,
    mode: IncomingMode,
    onStream: (s: ServerHttp2Stream, h: IncomingHttpHeaders) => void,
  ): Promise<IncomingSession>;
  onChange(listener: () => void): () => void;
  /** Closes sessions and deletes the agent pod we created; the handle can start again later. */
  stop(): Promise<void>;
}

const RETRY_MS = 250;
/** How long a failed start is reported again instead of retried. */
const FAILURE_HOLD_MS = 10_000;
/** The agent did not answer at all (vs. an answered refusal). */
export const isSilence = (err: unknown): boolean =>
  err instanceof PortsideError && /did not answer the handshake/.test(err.message);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createAgentHandle(d: HandleDeps): AgentHandle {
  const secret = randomBytes(24).toString('base64url');
  const secretHash = createHash('sha256').update(secret).digest('hex');
  let state: AgentView['state'] = 'creating';
  let reason: string | undefined;
  let injected: Injected | undefined;
  let port = 0;
  let session: ClientHttp2Session | undefined;
  let starting: Promise<ClientHttp2Session> | undefined;
  let stopped = false;
  let failure: { at: number; err: unknown } | undefined;
  const listeners = new Set<() => void>();
  const set = (s: AgentView['state'], why?: string): void => {
    state = s;
    reason = why;
    for (const l of [...listeners]) l();
  };

  /** Handshakes until the agent answers (it may still be binding its port) or the deadline passes. */
  async function handshakeUntil(deadline: number): Promise<ClientHttp2Session> {
    for (let attempt = 0; ; attempt++) {
      try {
        const stream = await d.transport(injected!.namespace, injected!.pod, port);
        return await openConnectSession(stream, {
          secret,
          timeoutMs: 5000,
          pingMs: d.settings.pingMs ?? 15_000,
        });
      } catch (err) {
        if (
          Date.now() > deadline ||
          (err instanceof PortsideError && /secret|protocol/.test(err.message))
        )
          throw err;
        await sleep(RETRY_MS * Math.min(attempt + 1, 4));
      }
    }
  }

  async function inject(): Promise<void> {
    port = randomInt(30000, 65000);
    set('creating');
    const req = {
      namespace: d.namespace,
      image: d.settings.image,
      script: await d.script(),
      port,
      secretHash,
      startupTimeoutMs: d.settings.startupTimeoutMs,
      ...(d.pod ? { pod: d.pod } : {}),
      ...(d.settings.idleMs ? { idleMs: d.settings.idleMs } : {}),
      ...(d.settings.capabilities ? { capabilities: d.settings.capabilities } : {}),
    };
    injected = await createAgent(d.writer, req);
    await waitRunning(d.session.api, injected, d.settings.image, d.settings.startupTimeoutMs, (s) =>
      set(s),
    );
    set('running');
  }

  async function start(): Promise<ClientHttp2Session> {
    const deadline = Date.now() + d.settings.startupTimeoutMs;
    if (injected) {
      set('reconnecting', 'the agent connection was lost');
      try {
        return await handshakeUntil(Math.min(deadline, Date.now() + 3000));
      } catch {
        // the agent is gone: a new one replaces it below
      }
    }
    await inject();
    return handshakeUntil(deadline);
  }

  function ensure(): Promise<ClientHttp2Session> {
    if (session && !session.closed && !session.destroyed) return Promise.resolve(session);
    // A failed start is reused for a while: each new connection must not add another ephemeral
    // container (they can never be removed from the pod) or another pull attempt.
    if (failure && Date.now() - failure.at < FAILURE_HOLD_MS) return Promise.reject(failure.err);
    stopped = false;
    starting ??= start().then(
      (s) => {
        session = s;
        starting = undefined;
        failure = undefined;
        set('ready');
        s.once('close', () => {
          if (session !== s) return;
          session = undefined;
          // Recover at once, so -R rules catch their ports again without waiting for a client.
          if (!stopped) void ensure().catch(() => undefined);
        });
        return s;
      },
      (err: unknown) => {
        starting = undefined;
        failure = { at: Date.now(), err };
        set('failed', errorText(err));
        throw err;
      },
    );
    return starting;
  }

  return {
    view: () => ({
      pod: injected?.pod ?? d.pod ?? '',
      namespace: d.namespace,
      state,
      ...(reason ? { reason } : {}),
    }),
    async connect(host, p) {
      const s = await ensure();
      return agentConnect(s, host, p, injected!.pod);
    },
    async incoming(p, mode, onStream) {
      for (let attempt = 0; ; attempt++) {
        const s = await ensure();
        try {
          const stream = await d.transport(injected!.namespace, injected!.pod, port);
          const opts = { secret, port: p, mode, pingMs: d.settings.pingMs ?? 15_000 };
          return await openIncomingSession(stream, opts, onStream);
        } catch (err) {
          // No answer at all: the agent died and its session has not noticed yet. Drop it, so
          // ensure() reconnects or re-injects; an answered refusal is final.
          if (attempt >= 2 || !isSilence(err)) throw err;
          s.destroy();
        }
      }
    },
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async stop() {
      stopped = true;
      failure = undefined;
      const s = session;
      session = undefined;
      s?.destroy();
      const own = injected?.ownPod ? injected : undefined;
      injected = undefined;
      if (own) await d.writer.deletePod(own.namespace, own.pod).catch(() => undefined);
      set('stopped');
    },
  };
}
