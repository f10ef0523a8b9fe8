import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import type { KubeSession } from '../kube/kube-session.ts';
import { createDialer } from './dialer.ts';

/** A session whose port-forward request carries a marker header, and no real API. */
const session = {
  namespace: 'default',
  context: 'test',
  api: {} as KubeSession['api'],
  portForwardRequest: async (ns: string, pod: string, port: number) => ({
    url: `wss://cluster/api/v1/namespaces/${ns}/pods/${pod}/portforward?ports=${port}`,
    options: { headers: { authorization: 'Bearer t' } },
  }),
} satisfies KubeSession;

describe('createDialer', () => {
  it('opens v4 with the session’s options, no deflate and a zero masking key', async () => {
    let seen: { url: string; protocols: string[]; options: ClientOptions } | undefined;
    const dial = createDialer({
      createWebSocket: (url, protocols, options) => {
        seen = { url, protocols, options };
        return Object.assign(new EventEmitter(), { binaryType: '' }) as unknown as WebSocket;
      },
    });
    await dial(
      { route: 'pod-port', namespace: 'shop', pod: 'api-1', port: 8080, remote: 'api-1:8080' },
      session,
    );
    expect(seen?.url).toBe(
      'wss://cluster/api/v1/namespaces/shop/pods/api-1/portforward?ports=8080',
    );
    expect(seen?.protocols).toEqual(['v4.channel.k8s.io']);
    expect(seen?.options.headers).toEqual({ authorization: 'Bearer t' });
    expect(seen?.options.perMessageDeflate).toBe(false);
    // ws shares one mask buffer between clients: the key must be cleared, not just left alone.
    const mask = Buffer.from([1, 2, 3, 4]);
    seen?.options.generateMask?.(mask);
    expect([...mask]).toEqual([0, 0, 0, 0]);
  });

  it('gives the SPDY tunnel the same options: no deflate, zero mask, session headers', async () => {
    let seen: ClientOptions | undefined;
    const stream = new EventEmitter();
    const createSession = ((_url: string, options: ClientOptions) => {
      seen = options;
      return Object.assign(new EventEmitter(), {
        opened: Promise.resolve({ ok: true }),
        openStream: () => stream,
        close: () => {},
      });
    }) as unknown as NonNullable<Parameters<typeof createDialer>[0]>['createSession'];
    const dial = createDialer({ createSession });
    const got = await dial(
      { route: 'pod-port', namespace: 'shop', pod: 'api-1', port: 8080, remote: 'api-1:8080' },
      session,
    );
    expect(got).toBe(stream);
    expect(seen?.headers).toEqual({ authorization: 'Bearer t' });
    expect(seen?.perMessageDeflate).toBe(false);
    const mask = Buffer.from([9, 9, 9, 9]);
    seen?.generateMask?.(mask);
    expect([...mask]).toEqual([0, 0, 0, 0]);
  });

  it('fails an agent route in words while no agent is available', async () => {
    const dial = createDialer();
    await expect(
      dial(
        { route: 'agent', namespace: 'default', host: 'db.internal', port: 5432 } as never,
        session,
      ),
    ).rejects.toThrow('reaching db.internal:5432 needs the in-cluster agent');
  });
});
