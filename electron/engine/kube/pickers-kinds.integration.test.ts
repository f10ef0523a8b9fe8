/** Every target kind the picker lists, read from kube-sim through the real client-node lists. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSim, parseScenario, type Sim } from '../../../kube-sim/index.ts';
import { systemClock } from '../clock.ts';
import { createClusterSessions } from './cluster-sessions.ts';
import { createPickers, type PickerService } from './pickers.ts';

const template = (app: string) => `
    metadata: { labels: { app: ${app} } }
    spec:
      containers:
        - name: ${app}
          image: portside/sim-http:1
          ports: [{ name: http, containerPort: 80 }, { containerPort: 9090 }]`;

const SCENARIO = `
apiVersion: v1
kind: Namespace
metadata: { name: kinds }
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: ro, namespace: kinds }
spec:
  replicas: 1
  selector: { matchLabels: { app: ro } }
  template:${template('ro')}
---
apiVersion: batch/v1
kind: Job
metadata: { name: batch, namespace: kinds }
spec:
  template:${template('batch')}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: rs, namespace: kinds }
spec:
  replicas: 1
  selector: { matchLabels: { app: rs } }
  template:${template('rs')}
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: kinds }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:${template('nightly').replace(/\n/g, '\n    ')}
`;

let sim: Sim;
let dir: string;
let pickers: PickerService;

beforeAll(async () => {
  sim = await createSim({
    scenario: parseScenario(SCENARIO, 'kinds.yaml'),
    network: 'loopback',
  });
  await sim.waitFor(() => sim.readyPods('kinds').length >= 3, {
    timeoutMs: 20_000,
    what: 'pods of the rollout, job and replicaset',
  });
  dir = mkdtempSync(path.join(tmpdir(), 'portside-kinds-'));
  const clusters = createClusterSessions({ env: { KUBECONFIG: sim.kubeconfigPath }, home: dir });
  pickers = createPickers({ clusters, clock: systemClock, log: () => undefined });
}, 60_000);
afterAll(async () => {
  pickers?.dispose();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the target picker on every kind', () => {
  it('lists rollouts, cronjobs, jobs and replicasets with their declared ports', async () => {
    const t = await pickers.targets('portside-sim', 'kinds');
    expect(t.warnings).toEqual([]);
    const byPath = new Map(t.workloads.map((w) => [w.path, w]));
    for (const p of ['rollout/ro', 'cronjob/nightly', 'job/batch', 'replicaset/rs'])
      expect(byPath.get(p)?.containers[0]?.ports).toEqual([
        { name: 'http', port: 80, protocol: 'TCP' },
        { port: 9090, protocol: 'TCP' },
      ]);
    expect(byPath.get('job/batch')?.ready).toBe(true);
    expect(t.workloads.filter((w) => w.kind === 'pod')).toHaveLength(3);
  });
});
