/** Every target kind resolves to a Ready pod of kube-sim, through the real client-node API layer. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../../../kube-sim/index.ts';
import { parseTargetPath } from '../../../shared/mirrord-syntax/index.ts';
import { startSimWorld, type SimWorld } from '../testing/sim-world.ts';
import { rawRequest } from '../testing/raw-http.ts';
import { createKubeApi, type KubeApi } from './kube-api.ts';
import { loadKubeConfig } from './kubeconfig.ts';
import { resolveTarget, type NamedTarget } from './resolve-target.ts';

const template = (app: string, container = 'app') => `
    metadata: { labels: { app: ${app} } }
    spec:
      containers:
        - name: ${container}
          image: portside/sim-http:1
          ports: [{ name: http, containerPort: 80 }]`;

const SCENARIO = `
apiVersion: v1
kind: Namespace
metadata: { name: t }
---
apiVersion: v1
kind: Pod
metadata: { name: solo, namespace: t, labels: { app: solo } }
spec:
  containers:
    - { name: main, image: portside/sim-http:1, ports: [{ containerPort: 80 }] }
    - { name: side, image: portside/sim-echo:1, ports: [{ containerPort: 7 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: t }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:${template('web', 'web')}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: ro, namespace: t }
spec:
  replicas: 1
  selector: { matchLabels: { app: ro } }
  template:${template('ro')}
---
apiVersion: batch/v1
kind: Job
metadata: { name: batch, namespace: t }
spec:
  template:${template('batch')}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: t }
spec:
  serviceName: db
  replicas: 1
  selector: { matchLabels: { app: db } }
  template:${template('db')}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: rs, namespace: t }
spec:
  replicas: 1
  selector: { matchLabels: { app: rs } }
  template:${template('rs')}
---
apiVersion: v1
kind: Service
metadata: { name: front, namespace: t }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: http }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: t }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:${template('nightly').replace(/\n/g, '\n    ')}
`;

let w: SimWorld;
let api: KubeApi;

beforeAll(async () => {
  w = await startSimWorld({ scenario: parseScenario(SCENARIO, 'targets.yaml') });
  // A CronJob creates Jobs only on its schedule: add the Job it would have made.
  const cj = w.sim.get('cronjobs.batch', 't', 'nightly');
  if (!cj) throw new Error('cronjob missing');
  w.sim.store.create('jobs.batch', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'nightly-1',
      namespace: 't',
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'nightly',
          uid: cj.metadata.uid,
          controller: true,
        },
      ],
    },
    spec: structuredClone(cj.spec.jobTemplate.spec),
  } as never);
  await w.sim.waitFor(() => w.sim.readyPods('t').length >= 7, {
    timeoutMs: 20_000,
    what: '7 ready pods in t',
  });
  api = createKubeApi(loadKubeConfig({ kubeconfig: w.sim.kubeconfigPath }));
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const target = (path: string): NamedTarget => {
  const t = parseTargetPath(path);
  if (!t.ok || t.value.kind === 'targetless') throw new Error(`bad target ${path}`);
  return t.value;
};

describe('every target kind resolves against kube-sim', () => {
  it.each([
    ['pod/solo/container/main', /^solo$/],
    ['deployment/web', /^web-/],
    ['deploy/web/container/web', /^web-/],
    ['rollout/ro', /^ro-/],
    ['job/batch', /^batch-/],
    ['cronjob/nightly', /^nightly-1-/],
    ['statefulset/db', /^db-0$/],
    ['service/front', /^web-/],
    ['replicaset/rs', /^rs-/],
  ])('%s', async (path, pod) => {
    const r = await resolveTarget(api, target(path), 't');
    expect(r.name).toMatch(pod);
    expect(r.pod.status?.phase).toBe('Running');
  });

  it('names what was looked for when it is missing or unready', async () => {
    await expect(resolveTarget(api, target('deployment/nope'), 't')).rejects.toThrow(
      'deployment "nope" not found in namespace "t"',
    );
    await expect(resolveTarget(api, target('pod/solo/container/nope'), 't')).rejects.toThrow(
      'container "nope" not found in pod solo of pod/solo (containers: main, side)',
    );
    w.sim.setPodReady('t', 'db-0', false);
    await w.sim.waitFor(() => w.sim.readyPods('t', 'app=db').length === 0, {
      what: 'db-0 not ready',
    });
    await expect(resolveTarget(api, target('statefulset/db'), 't')).rejects.toThrow(
      'no Ready pod for statefulset/db in t: 1 pod, not Ready',
    );
    w.sim.setPodReady('t', 'db-0', true);
  });

  it('forwards through a targeted rule for a job and a rollout', async () => {
    for (const [t, pod] of [
      ['job/batch', /^batch-/],
      ['rollout/ro', /^ro-/],
    ] as const) {
      const { port } = await w.forward({ to: 'localhost:80', target: t, namespace: 't' });
      const res = await rawRequest(port);
      expect(JSON.parse(res.body.toString()).pod).toMatch(pod);
    }
  });
});
