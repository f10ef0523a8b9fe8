import {
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../control/test-sim.ts';

let t: TestSim;
let core: CoreV1Api;
let apps: AppsV1Api;

const podBody = (name: string): V1Pod => ({
  metadata: { name, labels: { app: name } },
  spec: {
    containers: [{ name: 'main', image: 'portside/sim-echo:1', ports: [{ containerPort: 7 }] }],
  },
});

beforeAll(async () => {
  t = await startTestSim();
  core = t.kc.makeApiClient(CoreV1Api);
  apps = t.kc.makeApiClient(AppsV1Api);
});
afterAll(() => t?.sim.close());

describe('create and delete', () => {
  it('creates a pod that goes Pending → Running in the runtime, and 409s on a second create', async () => {
    const created = await core.createNamespacedPod({ namespace: 'default', body: podBody('solo') });
    expect(created.status?.phase).toBe('Pending');
    expect(created.metadata?.uid).toBeTruthy();
    const running = await t.sim.waitFor(() => t.sim.readyPods('default', 'app=solo')[0]);
    expect(t.fake.pods.get(running.metadata.uid)?.containers.map((c) => c.name)).toEqual(['main']);
    const again = await t.call('POST', '/api/v1/namespaces/default/pods', {
      body: podBody('solo'),
    });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ reason: 'AlreadyExists', code: 409 });
  });

  it('deletes a pod gracefully: terminating first, then gone and stopped in the runtime', async () => {
    const pod = t.sim.getPod('default', 'solo')!;
    const deleted = await core.deleteNamespacedPod({ namespace: 'default', name: 'solo' });
    expect(deleted.metadata?.deletionTimestamp).toBeTruthy();
    await t.sim.waitFor(() => !t.sim.getPod('default', 'solo'));
    expect(t.fake.stopped).toContain(pod.metadata.uid);
  });

  it('validates (422 Invalid) and refuses unknown namespaces (404)', async () => {
    const invalid = await t.call('POST', '/api/v1/namespaces/default/pods', {
      body: { metadata: { name: 'Bad_Name' }, spec: { containers: [] } },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.json).toMatchObject({ kind: 'Status', reason: 'Invalid' });
    expect(invalid.json.details.causes.length).toBeGreaterThanOrEqual(2);
    const noNs = await t.call('POST', '/api/v1/namespaces/ghost/pods', { body: podBody('x') });
    expect(noNs.status).toBe(404);
    expect(noNs.json.message).toBe('namespaces "ghost" not found');
    const bad = await t.call('POST', '/api/v1/namespaces/default/configmaps', {
      body: '{not json',
    });
    expect(bad.status).toBe(400);
    const method = await t.call('POST', '/api/v1/namespaces/default/pods/x');
    expect(method.status).toBe(405);
  });

  it('detects stale updates with 409 Conflict', async () => {
    const cm = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg' }, data: { a: '1' } },
    });
    await core.replaceNamespacedConfigMap({
      namespace: 'default',
      name: 'cfg',
      body: { ...cm, data: { a: '2' } },
    });
    const stale = await t.call('PUT', '/api/v1/namespaces/default/configmaps/cfg', {
      body: { ...cm, data: { a: '3' } },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('Conflict');
  });
});

describe('pods/log follow', () => {
  it('streams until the pod is gone', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: podBody('chatty') });
    await t.sim.waitFor(() => t.sim.readyPods('default', 'app=chatty')[0]);
    const pending = t.call('GET', '/api/v1/namespaces/default/pods/chatty/log?follow=true');
    // The follow stream is live once it is tracked; then the pod goes away and the stream ends.
    await t.sim.waitFor(async () => (await t.call('POST', '/sim/v1/state')).json.liveStreams >= 1);
    t.sim.deletePod('default', 'chatty', { gracePeriodSeconds: 0 });
    const r = await pending;
    expect(r.status).toBe(200);
    expect(r.text).toContain('log line 1 of chatty/main');
  });
});

describe('patch', () => {
  it('adds an ephemeral container with client-node (JSON patch) and starts it in the runtime', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: podBody('target') });
    const pod = await t.sim.waitFor(() => t.sim.readyPods('default', 'app=target')[0]);
    const patched = await core.patchNamespacedPodEphemeralcontainers({
      namespace: 'default',
      name: 'target',
      body: [
        {
          op: 'add',
          path: '/spec/ephemeralContainers',
          value: [{ name: 'agent', image: 'node:20-alpine', command: ['node', '-e', '1'] }],
        },
      ],
    });
    expect(patched.spec?.ephemeralContainers?.[0]).toMatchObject({
      name: 'agent',
      terminationMessagePolicy: 'File',
    });
    const status = await t.sim.waitFor(() =>
      t.sim
        .getPod('default', 'target')
        ?.status?.ephemeralContainerStatuses?.find(
          (s: { state?: { running?: unknown } }) => s.state?.running,
        ),
    );
    expect(status.name).toBe('agent');
    expect(t.fake.pods.get(pod.metadata.uid)?.ephemeral.map((c) => c.name)).toEqual(['agent']);
  });

  it('applies kubectl debug strategic patches and refuses removing ephemeral containers', async () => {
    const smp = await t.call(
      'PATCH',
      '/api/v1/namespaces/default/pods/target/ephemeralcontainers',
      {
        headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
        body: {
          spec: {
            '$setElementOrder/ephemeralContainers': [{ name: 'agent' }, { name: 'debugger' }],
            ephemeralContainers: [{ name: 'debugger', image: 'busybox' }],
          },
        },
      },
    );
    expect(smp.status).toBe(200);
    expect(smp.json.spec.ephemeralContainers.map((c: { name: string }) => c.name)).toEqual([
      'agent',
      'debugger',
    ]);
    const removal = await t.call(
      'PATCH',
      '/api/v1/namespaces/default/pods/target/ephemeralcontainers',
      {
        headers: { 'Content-Type': 'application/json-patch+json' },
        body: [{ op: 'remove', path: '/spec/ephemeralContainers/0' }],
      },
    );
    expect(removal.status).toBe(422);
  });

  it('merge-patches labels with client-node and keeps status on the main resource', async () => {
    const before = t.sim.getPod('default', 'target')!;
    const out = await core.patchNamespacedPod(
      {
        namespace: 'default',
        name: 'target',
        body: { metadata: { labels: { extra: 'yes' } }, status: { phase: 'Failed' } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(out.metadata?.labels).toEqual({ app: 'target', extra: 'yes' });
    expect(out.status?.phase).toBe(before.status.phase);
    const unsupported = await t.call('PATCH', '/api/v1/namespaces/default/pods/target', {
      headers: { 'Content-Type': 'application/apply-patch+yaml' },
      body: {},
    });
    expect(unsupported.status).toBe(415);
  });

  it('scales through the scale subresource', async () => {
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'c', image: 'portside/sim-http:1' }] },
          },
        },
      },
    });
    const scale = await t.call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', {
      headers: { 'Content-Type': 'application/merge-patch+json' },
      body: { spec: { replicas: 3 } },
    });
    expect(scale.json).toMatchObject({
      kind: 'Scale',
      spec: { replicas: 3 },
      status: { selector: 'app=web' },
    });
    await t.sim.waitForReadyPods('default', 'app=web', 3);
  });
});
