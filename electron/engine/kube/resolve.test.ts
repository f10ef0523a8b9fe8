import { describe, expect, it } from 'vitest';
import { createFakeKube, makePod } from '../testing/fake-kube.ts';
import { mapSelectorString, selectorString } from './label-selector.ts';
import { describePods, isPodReady } from './pod-status.ts';
import { parseServiceHost, resolveServiceEndpoint, roundRobinPicker } from './resolve-service.ts';
import { resolveTarget } from './resolve-target.ts';

describe('selectors and pod status', () => {
  it('renders label selectors the API server understands', () => {
    expect(
      selectorString({
        matchLabels: { app: 'a', tier: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'stage'] },
          { key: 'x', operator: 'NotIn', values: ['1'] },
          { key: 'y', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=a,tier=web,env in (prod,stage),x notin (1),y,!z');
    expect(mapSelectorString({ app: 'a' })).toBe('app=a');
    expect(selectorString(undefined)).toBe('');
  });

  it('describes why pods are not ready in kubectl words', () => {
    const crash = makePod('a', { ready: false, waiting: 'CrashLoopBackOff' });
    expect(isPodReady(crash)).toBe(false);
    expect(describePods([crash, makePod('b', { ready: false, waiting: 'CrashLoopBackOff' })])).toBe(
      '2 pods, both CrashLoopBackOff',
    );
    expect(
      describePods([
        crash,
        makePod('c', { phase: 'Pending', ready: false }),
        makePod('d', { phase: 'Pending', ready: false }),
      ]),
    ).toBe('3 pods: 2 Pending, 1 CrashLoopBackOff');
    expect(describePods([])).toBe('no pods');
    const terminating = makePod('t');
    terminating.metadata!.deletionTimestamp = new Date();
    expect(isPodReady(terminating)).toBe(false);
    expect(describePods([terminating])).toBe('1 pod, Terminating');
  });
});

describe('resolveTarget with a fake API', () => {
  it('resolves a deployment to its oldest ready pod and checks the container', async () => {
    const k = createFakeKube();
    k.put('deployment', {
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } } },
    } as never);
    k.put(
      'pod',
      makePod('web-b', {
        namespace: 'shop',
        labels: { app: 'web' },
        created: '2024-02-01T00:00:00Z',
      }),
    );
    k.put(
      'pod',
      makePod('web-a', {
        namespace: 'shop',
        labels: { app: 'web' },
        created: '2024-03-01T00:00:00Z',
      }),
    );
    k.put(
      'pod',
      makePod('web-0', {
        namespace: 'shop',
        labels: { app: 'web' },
        ready: false,
        created: '2024-01-01T00:00:00Z',
      }),
    );
    expect((await resolveTarget(k.api, { kind: 'deployment', name: 'web' }, 'shop')).name).toBe(
      'web-b',
    );
    expect(
      (await resolveTarget(k.api, { kind: 'deployment', name: 'web', container: 'app' }, 'shop'))
        .container,
    ).toBe('app');
    await expect(
      resolveTarget(k.api, { kind: 'deployment', name: 'web', container: 'db' }, 'shop'),
    ).rejects.toMatchObject({
      kind: 'InvalidTarget',
      message: 'container "db" not found in pod web-0 of deployment/web (containers: app)',
    });
  });

  it('says what it found when nothing is ready, and what is missing', async () => {
    const k = createFakeKube();
    k.put('deployment', {
      metadata: { name: 'py-serv', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'py' } } },
    } as never);
    for (const n of ['a', 'b'])
      k.put(
        'pod',
        makePod(n, {
          namespace: 'shop',
          labels: { app: 'py' },
          ready: false,
          waiting: 'CrashLoopBackOff',
        }),
      );
    await expect(
      resolveTarget(k.api, { kind: 'deployment', name: 'py-serv' }, 'shop'),
    ).rejects.toMatchObject({
      kind: 'TargetNotReady',
      message: 'no Ready pod for deployment/py-serv in shop: 2 pods, both CrashLoopBackOff',
    });
    await expect(
      resolveTarget(k.api, { kind: 'deployment', name: 'x' }, 'shop'),
    ).rejects.toMatchObject({
      kind: 'TargetNotFound',
      message: 'deployment "x" not found in namespace "shop"',
    });
    k.put('deployment', {
      metadata: { name: 'empty', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'none' } } },
    } as never);
    await expect(
      resolveTarget(k.api, { kind: 'deployment', name: 'empty' }, 'shop'),
    ).rejects.toThrow('no Ready pod for deployment/empty in shop: no pods');
  });

  it('finds a cronjob pod through the jobs it owns, newest first', async () => {
    const k = createFakeKube();
    k.put('cronjob', { metadata: { name: 'nightly' } } as never);
    for (const [name, t] of [
      ['nightly-1', '2024-01-01T00:00:00Z'],
      ['nightly-2', '2024-01-02T00:00:00Z'],
    ] as const) {
      k.put('job', {
        metadata: {
          name,
          creationTimestamp: new Date(t),
          ownerReferences: [{ kind: 'CronJob', name: 'nightly' }],
        },
        spec: { selector: { matchLabels: { job: name } } },
      } as never);
      k.put('pod', makePod(`${name}-x`, { labels: { job: name }, created: t }));
    }
    k.put('job', {
      metadata: { name: 'other', ownerReferences: [{ kind: 'CronJob', name: 'weekly' }] },
    } as never);
    const r = await resolveTarget(k.api, { kind: 'cronjob', name: 'nightly' }, 'default');
    expect(r.name).toMatch(/^nightly-\d-x$/);
  });
});

describe('service hosts and ports', () => {
  it('parses svc, svc.ns, svc.ns.svc and svc.ns.svc.cluster.local; rejects others', () => {
    expect(parseServiceHost('py-serv', 'default')).toEqual({
      service: 'py-serv',
      namespace: 'default',
    });
    expect(parseServiceHost('api.shop', 'default')).toEqual({ service: 'api', namespace: 'shop' });
    expect(parseServiceHost('api.shop.svc', 'x')).toEqual({ service: 'api', namespace: 'shop' });
    expect(parseServiceHost('api.shop.svc.cluster.local', 'x')).toEqual({
      service: 'api',
      namespace: 'shop',
    });
    expect(parseServiceHost('api.example.com', 'x')).toBeUndefined();
    expect(parseServiceHost('10.0.0.1', 'x')).toBeUndefined();
    expect(parseServiceHost('fd00::1', 'x')).toBeUndefined();
  });

  it('translates port → named targetPort through the pod, round-robin over ready pods', async () => {
    const k = createFakeKube();
    const svc = {
      metadata: { name: 'web' },
      spec: {
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }, { port: 81 }],
      },
    };
    for (const [n, ip] of [
      ['w1', '10.0.0.1'],
      ['w2', '10.0.0.2'],
    ]) {
      k.put(
        'pod',
        makePod(n as string, {
          labels: { app: 'web' },
          ports: [{ name: 'http', containerPort: 8080 }],
          ip: ip as string,
        }),
      );
    }
    const pick = roundRobinPicker();
    const a = await resolveServiceEndpoint(k.api, svc as never, 'default', 80, pick);
    const b = await resolveServiceEndpoint(k.api, svc as never, 'default', 80, pick);
    expect([a.remote, b.remote].sort()).toEqual(['10.0.0.1:8080', '10.0.0.2:8080']);
    expect((await resolveServiceEndpoint(k.api, svc as never, 'default', 81)).port).toBe(81);
    await expect(resolveServiceEndpoint(k.api, svc as never, 'default', 82)).rejects.toThrow(
      'service "web" in "default" has no TCP port 82 (ports: 80/http, 81)',
    );
  });
});
