import { describe, expect, it } from 'vitest';
import { agentRouteError, serviceMeant } from './agent-hint.ts';

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

// With the agent wired in (create-engine), such hosts go through it and a typo ends each connection
// with the agent's NXDOMAIN reason; this message is for a forwarder built without an agent.
describe('a targetless rule to a host that is not a Service, without an agent', () => {
  it('names the Service and namespace it looked for', () => {
    const targetless = { kind: 'targetless' } as const;
    expect(
      agentRouteError({ host: 'py-serv-typo', port: 80, namespace: 'shop', target: targetless })
        .message,
    ).toMatch(/^no Service "py-serv-typo" in namespace "shop"/);
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
