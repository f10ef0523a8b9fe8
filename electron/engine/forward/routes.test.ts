import { describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import type { LocalMapping, Target } from '../../../shared/mirrord-syntax/types.ts';
import { createFakeKube, makePod } from '../testing/fake-kube.ts';
import { createRouteResolver, RouteError } from './routes.ts';

const k = createFakeKube();
k.put('pod', makePod('db-0', { labels: { app: 'db' } }));
k.put('statefulset', {
  metadata: { name: 'db' },
  spec: { selector: { matchLabels: { app: 'db' } } },
} as never);
k.put('service', {
  metadata: { name: 'db' },
  spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] },
} as never);
const session = k.session(() => 'ws://unused');
const resolver = createRouteResolver();
const req = (host: string, port: number, target: Target = { kind: 'targetless' }) => ({
  session,
  namespace: 'default',
  mapping: { localPort: 1, remoteHost: host, remotePort: port } satisfies LocalMapping,
  target,
});
const sts: Target = { kind: 'statefulset', name: 'db' };

describe('route selection', () => {
  it('targeted + loopback host → pod-port on the target pod', async () => {
    for (const host of ['localhost', '127.0.0.1', '::1']) {
      expect(await resolver.resolve(req(host, 5432, sts))).toEqual({
        route: 'pod-port',
        namespace: 'default',
        pod: 'db-0',
        port: 5432,
        remote: 'db-0:5432',
      });
    }
  });

  it('targetless + a service name → service route in the named namespace', async () => {
    for (const host of ['db', 'db.default', 'db.default.svc', 'db.default.svc.cluster.local']) {
      expect(await resolver.resolve(req(host, 5432))).toMatchObject({
        route: 'service',
        pod: 'db-0',
        port: 5432,
        remote: '10.0.0.1:5432',
      });
    }
  });

  it('everything else → agent (IPs, external names, unknown services, targeted non-local hosts)', async () => {
    for (const r of [
      req('10.0.0.9', 80),
      req('example.com', 443),
      req('nosuch', 80),
      req('db', 5432, sts),
      req('fd00::1', 80),
    ]) {
      expect((await resolver.resolve(r)).route).toBe('agent');
    }
  });

  it('a refused lookup in a namespace the host merely looks like stays an agent route', async () => {
    const api = {
      ...k.api,
      getService: async () => Promise.reject(new PortsideError('Forbidden', 'no')),
    };
    const r = await createRouteResolver().resolve({
      ...req('example.com', 443),
      session: { ...session, api },
    });
    expect(r.route).toBe('agent');
    await expect(
      createRouteResolver().resolve({ ...req('db', 5432), session: { ...session, api } }),
    ).rejects.toMatchObject({
      route: 'service',
      kind: 'Forbidden',
    });
  });

  it('failures keep the route they were on', async () => {
    const err = await resolver
      .resolve(req('localhost', 80, { kind: 'deployment', name: 'gone' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RouteError);
    expect(err).toMatchObject({
      route: 'pod-port',
      kind: 'TargetNotFound',
      message: 'deployment "gone" not found in namespace "default"',
    });
  });
});
