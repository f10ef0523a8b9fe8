import { afterEach, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../control/test-sim.ts';
import { newMeta, type KubeObject } from '../store/types.ts';

let t: TestSim | undefined;
afterEach(async () => {
  await t?.sim.close();
  t = undefined;
});

const template = (app: string, image = 'portside/sim-http:1') => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'app', image, ports: [{ name: 'http', containerPort: 80 }] }] },
});

function deployment(
  name: string,
  replicas: number,
  kind = 'Deployment',
  apiVersion = 'apps/v1',
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: newMeta({ name, namespace: 'default' }),
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name) },
  };
}

const names = (pods: KubeObject[]) => pods.map((p) => p.metadata.name).sort();

describe('Deployment → ReplicaSet → Pods', () => {
  it('creates a ReplicaSet with pod-template-hash and Ready pods, and reports status', async () => {
    t = await startTestSim();
    t.sim.store.create('deployments.apps', deployment('web', 2));
    const pods = await t.sim.waitForReadyPods('default', 'app=web', 2);
    const hash = pods[0]!.metadata.labels!['pod-template-hash'];
    expect(hash).toMatch(/^[a-z0-9]{5,10}$/);
    const rs = t.sim.get('replicasets.apps', 'default', `web-${hash}`)!;
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      controller: true,
    });
    expect(pods[0]!.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      name: `web-${hash}`,
    });
    expect(pods[0]!.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
    const d = await t.sim.waitFor(() => {
      const o = t!.sim.get('deployments.apps', 'default', 'web')!;
      return o.status?.availableReplicas === 2 ? o : undefined;
    });
    expect(d.status).toMatchObject({
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      observedGeneration: 1,
    });
    expect(
      d.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`),
    ).toEqual(['Available=True', 'Progressing=True']);
  });

  it('rolls out on restart: new ReplicaSet, new pods Ready, old pods gone', async () => {
    t = await startTestSim();
    t.sim.store.create('deployments.apps', deployment('web', 2));
    const before = await t.sim.waitForReadyPods('default', 'app=web', 2);
    t.sim.rolloutRestart('deployment', 'default', 'web');
    const after = await t.sim.waitFor(() => {
      const ready = t!.sim.readyPods('default', 'app=web');
      const all = t!.sim.listPods('default', 'app=web');
      return all.length === 2 &&
        ready.length === 2 &&
        ready.every((p) => !names(before).includes(p.metadata.name))
        ? ready
        : undefined;
    });
    expect(after[0]!.metadata.labels!['pod-template-hash']).not.toBe(
      before[0]!.metadata.labels!['pod-template-hash'],
    );
    const rss = t.sim.list('replicasets.apps', 'default');
    expect(rss.map((r) => r.spec.replicas).sort()).toEqual([0, 2]);
    expect(
      rss.map((r) => r.metadata.annotations?.['deployment.kubernetes.io/revision']).sort(),
    ).toEqual(['1', '2']);
    for (const p of before) expect(t.fake.pods.has(p.metadata.uid)).toBe(false);
  });

  it('replaces a deleted pod after the replace delay, with a new name and IP', async () => {
    t = await startTestSim({ replaceDelayMs: 300 });
    t.sim.store.create('deployments.apps', deployment('web', 1));
    const [old] = await t.sim.waitForReadyPods('default', 'app=web', 1);
    const deletedAt = Date.now();
    t.sim.deletePod('default', old!.metadata.name);
    const [fresh] = await t.sim.waitFor(() => {
      const ready = t!.sim.readyPods('default', 'app=web');
      return ready.length === 1 && ready[0]!.metadata.uid !== old!.metadata.uid ? ready : undefined;
    });
    expect(Date.now() - deletedAt).toBeGreaterThanOrEqual(280);
    expect(fresh!.metadata.name).not.toBe(old!.metadata.name);
    expect(fresh!.status.podIP).not.toBe(old!.status.podIP);
  });

  it('scales up and down through the control API', async () => {
    t = await startTestSim();
    t.sim.store.create('deployments.apps', deployment('web', 1));
    await t.sim.waitForReadyPods('default', 'app=web', 1);
    t.sim.scale('deployment', 'default', 'web', 3);
    await t.sim.waitForReadyPods('default', 'app=web', 3);
    t.sim.scale('deployment', 'default', 'web', 1);
    await t.sim.waitFor(() => t!.sim.listPods('default', 'app=web').length === 1);
  });

  it('runs Argo Rollouts selector-based, with their own hash label', async () => {
    t = await startTestSim();
    t.sim.store.create(
      'rollouts.argoproj.io',
      deployment('canary', 2, 'Rollout', 'argoproj.io/v1alpha1'),
    );
    const pods = await t.sim.waitForReadyPods('default', 'app=canary', 2);
    expect(pods[0]!.metadata.labels!['rollouts-pod-template-hash']).toBeTruthy();
    const ro = await t.sim.waitFor(() => {
      const o = t!.sim.get('rollouts.argoproj.io', 'default', 'canary')!;
      return o.status?.phase === 'Healthy' ? o : undefined;
    });
    expect(ro.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });
});

describe('StatefulSet', () => {
  it('creates name-0, name-1 in order and replaces a deleted pod under the same name', async () => {
    t = await startTestSim();
    t.sim.store.create('statefulsets.apps', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: newMeta({ name: 'db', namespace: 'default' }),
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: template('db', 'portside/sim-banner:1'),
      },
    });
    const pods = await t.sim.waitForReadyPods('default', 'app=db', 2);
    expect(names(pods)).toEqual(['db-0', 'db-1']);
    expect(Date.parse(pods[0]!.metadata.creationTimestamp)).toBeLessThanOrEqual(
      Date.parse(pods[1]!.metadata.creationTimestamp),
    );
    expect(pods[0]!.spec).toMatchObject({ hostname: 'db-0', subdomain: 'db' });
    const old = t.sim.getPod('default', 'db-0')!;
    t.sim.deletePod('default', 'db-0');
    const fresh = await t.sim.waitFor(() => {
      const p = t!.sim.getPod('default', 'db-0');
      return p && p.metadata.uid !== old.metadata.uid && p.status?.phase === 'Running'
        ? p
        : undefined;
    });
    expect(fresh.status.podIP).not.toBe(old.status.podIP);
  });
});

describe('Job', () => {
  it('runs a pod to completion when its container exits 0', async () => {
    t = await startTestSim();
    t.sim.store.create('jobs.batch', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: newMeta({ name: 'once', namespace: 'default' }),
      spec: {
        template: {
          spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'node:20' }] },
        },
      },
    });
    const pod = await t.sim.waitFor(() => t!.sim.readyPods('default', 'job-name=once')[0]);
    t.fake.report({ namespace: 'default', name: pod.metadata.name, uid: pod.metadata.uid }, 'c', {
      terminated: { exitCode: 0, reason: 'Completed', finishedAt: new Date().toISOString() },
    });
    const job = await t.sim.waitFor(() => {
      const j = t!.sim.get('jobs.batch', 'default', 'once')!;
      return j.status?.succeeded === 1 ? j : undefined;
    });
    expect(job.status.conditions.map((c: { type: string }) => c.type)).toContain('Complete');
    expect(t.sim.getPod('default', pod.metadata.name)?.status.phase).toBe('Succeeded');
  });
});
