import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../testing/tcp-client.ts';
import { runCleanups, waitState, world, type Cleanups } from '../testing/engine-world.ts';
import { agentRouteError, serviceMeant } from './agent-hint.ts';

const cleanups: Cleanups = [];
afterEach(() => runCleanups(cleanups));

describe('serviceMeant', () => {
  it.each([
    ['py-serv', { name: 'py-serv', namespace: 'default' }],
    ['py-serv.shop', { name: 'py-serv', namespace: 'shop' }],
    ['py-serv.shop.svc', { name: 'py-serv', namespace: 'shop' }],
    ['py-serv.shop.svc.cluster.local', { name: 'py-serv', namespace: 'shop' }],
    ['10.1.2.3', undefined],
    ['db.internal.example.com', undefined],
    ['Bad_Name', undefined],
  ])('%s', (host, meant) => expect(serviceMeant(host, 'default')).toEqual(meant));
});

describe('a targetless rule to a host that is not a Service', () => {
  it('names the Service and namespace it looked for, not the agent', async () => {
    const w = await world(cleanups, {});
    const port = await freePort();
    await w.engine.addRule({ direction: 'L', spec: `${port}:py-serv-typo:80`, namespace: 'shop' });
    const r = await waitState(w.engine, 'r1', 'degraded');
    expect(r.reason).toBe(
      'no Service "py-serv-typo" in namespace "shop" (check the name and -n); other hosts need the in-cluster agent, which is not available yet',
    );
  });

  it('keeps the agent message for other hosts and for targeted rules', () => {
    const targetless = { kind: 'targetless' } as const;
    expect(
      agentRouteError({ host: '10.1.2.3', port: 80, namespace: 'd', target: targetless }).message,
    ).toBe('reaching 10.1.2.3:80 needs the in-cluster agent, which is not available yet');
    const pod = { kind: 'pod', name: 'p' } as const;
    expect(agentRouteError({ host: 'web', port: 80, namespace: 'd', target: pod }).kind).toBe(
      'Network',
    );
  });
});
