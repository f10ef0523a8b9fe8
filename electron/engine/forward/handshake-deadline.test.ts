/** Every port-forward upgrade has a deadline: an API server that accepts TCP and never answers. */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KubeSession } from '../kube/kube-session.ts';
import { createDialer } from './dialer.ts';
import { PortForwardStream, V4_PROTOCOL } from './port-forward-stream.ts';
import { createSpdySession } from './spdy/tunnel-dialer.ts';
import { startTcpRelay, type TcpRelay } from './testing/tcp-relay.ts';

const TEXT = 'the cluster API did not answer the port-forward upgrade within 0.2 s';
let silent: TcpRelay;
afterEach(() => silent?.close());

const url = (): string =>
  `wss://127.0.0.1:${silent.port}/api/v1/namespaces/default/pods/p/portforward?ports=80`;

describe('port-forward upgrade deadline', () => {
  it.each(['raw', 'tunnel'] as const)('fails a SPDY session (%s) in words', async (transport) => {
    silent = await startTcpRelay('silent');
    const session = createSpdySession(url(), {
      handshakeTimeoutMs: 200,
      pingIntervalMs: 0,
      transport,
    });
    await expect(session.opened).rejects.toThrow(TEXT);
    expect(session.closed).toBe(true);
    expect(session.openStream(80).closeReason).toBe(TEXT);
  });

  it('fails a v4 stream in words', async () => {
    silent = await startTcpRelay('silent');
    const ws = new WebSocket(url(), [V4_PROTOCOL]);
    const s = new PortForwardStream(ws, 80, { handshakeTimeoutMs: 200, pingIntervalMs: 0 });
    const err = await new Promise<Error>((r) => s.once('error', r));
    expect(err.message).toBe(TEXT);
  });

  it('fails a dial through the dialer, SPDY first', async () => {
    silent = await startTcpRelay('silent');
    const session = {
      namespace: 'default',
      context: 'test',
      api: {} as KubeSession['api'],
      portForwardRequest: async () => ({ url: url(), options: {} }),
    } satisfies KubeSession;
    const dial = createDialer({ handshakeTimeoutMs: 200, pingIntervalMs: 0 });
    const plan = { route: 'pod-port', namespace: 'default', pod: 'p', port: 80, remote: 'p:80' };
    await expect(dial(plan as never, session)).rejects.toThrow(TEXT);
    expect(silent.accepted.length).toBe(1);
  });
});
