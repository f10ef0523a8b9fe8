/** The pickers against kube-sim's demo cluster, through the real client-node reads and watches. */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createSim, type Sim } from '../../../kube-sim/index.ts';
import type { KubeChange } from '../../../shared/model.ts';
import { until } from '../../../testing/wait.ts';
import { systemClock } from '../clock.ts';
import { createClusterSessions } from './cluster-sessions.ts';
import { createPickers, type PickerService } from './pickers.ts';
import { createEngine } from '../create-engine.ts';
import { createIdleRunner } from '../rules/rule-runner.ts';

let sim: Sim;
let pickers: PickerService;
let dir: string;
const changes: KubeChange[] = [];

beforeAll(async () => {
  sim = await createSim({ scenario: 'demo', network: 'loopback', replaceDelayMs: 200 });
  await sim.waitForWorkloads({ timeoutMs: 20_000 });
  dir = mkdtempSync(path.join(tmpdir(), 'portside-pickers-'));
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(kubeconfig, readFileSync(sim.kubeconfigPath));
  const clusters = createClusterSessions({ env: { KUBECONFIG: kubeconfig }, home: dir });
  pickers = createPickers({ clusters, clock: systemClock, log: () => undefined, throttleMs: 50 });
  pickers.onChanged((c) => changes.push(c));
}, 60_000);

afterAll(async () => {
  pickers?.dispose();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pickers on the demo cluster', () => {
  it('list the contexts with the current one marked', async () => {
    expect(await pickers.contexts()).toEqual([
      { name: 'portside-sim', cluster: expect.any(String), namespace: 'default', current: true },
    ]);
  });

  it('list the namespaces', async () => {
    const names = await pickers.namespaces('portside-sim');
    expect(names).toEqual(expect.arrayContaining(['default', 'shop']));
    expect([...names].sort()).toEqual(names);
  });

  it('list workloads with containers and declared ports, pods and services', async () => {
    const t = await pickers.targets('portside-sim', 'default');
    expect(t.warnings).toEqual([]);
    const py = t.workloads.find((w) => w.path === 'deployment/py-serv');
    expect(py).toEqual({
      kind: 'deployment',
      name: 'py-serv',
      path: 'deployment/py-serv',
      ready: true,
      containers: [{ name: 'app', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
    });
    expect(t.workloads.find((w) => w.path === 'statefulset/postgres')?.containers).toEqual([
      { name: 'postgres', ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }] },
    ]);
    const kinds = t.workloads.map((w) => w.kind);
    // Deployments first; ReplicaSets a Deployment manages are not listed on their own.
    expect(kinds[0]).toBe('deployment');
    expect(kinds).not.toContain('replicaset');
    expect(
      t.workloads.filter((w) => w.kind === 'pod' && w.name.startsWith('py-serv-')),
    ).toHaveLength(2);
    expect(t.services.find((s) => s.name === 'py-serv')).toEqual({
      name: 'py-serv',
      path: 'service/py-serv',
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  it('tell the UI when the namespace changes and answer with the new state', async () => {
    await pickers.targets('portside-sim', 'shop');
    const pod = () => sim.readyPods('shop', 'app=api')[0]?.metadata.name;
    const old = await until(pod, 'api pod ready');
    changes.length = 0;
    sim.deletePod('shop', old, { gracePeriodSeconds: 0 });
    await until(
      () => changes.some((c) => c.what === 'targets' && c.namespace === 'shop'),
      'a targets change for shop',
    );
    await until(async () => {
      const t = await pickers.targets('portside-sim', 'shop');
      const pods = t.workloads.filter((w) => w.kind === 'pod').map((w) => w.name);
      return pods.length === 1 && pods[0] !== old;
    }, 'the replacement pod listed instead of the deleted one');
  });

  it('tell the UI when a namespace is created, and list it', async () => {
    await pickers.namespaces('portside-sim');
    changes.length = 0;
    sim.store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'fresh' },
    } as never);
    await until(
      () => changes.some((c) => c.what === 'namespaces' && c.context === 'portside-sim'),
      'a namespaces change',
    );
    expect(await pickers.namespaces('portside-sim')).toContain('fresh');
  });

  it('say in words when a context does not exist', async () => {
    await expect(pickers.namespaces('nope')).rejects.toMatchObject({
      kind: 'KubeConfig',
      message: expect.stringContaining('context "nope" not found'),
    });
  });
});

describe('an engine watching the kubeconfig', () => {
  it('shows a context merged into the file without a restart, and its cluster answers', async () => {
    const kdir = mkdtempSync(path.join(tmpdir(), 'portside-kc-'));
    const file = path.join(kdir, 'config');
    writeFileSync(file, sim.kubeconfig);
    const engine = createEngine({
      runner: createIdleRunner(),
      watchKubeconfig: true,
      kubeEnv: { env: { KUBECONFIG: file }, home: kdir },
    });
    try {
      const seen: KubeChange[] = [];
      engine.kube.onChanged((c) => seen.push(c));
      expect((await engine.kube.contexts()).map((c) => c.name)).toEqual(['portside-sim']);
      // `kubectl config set-context` writes a new file and renames it over the old one.
      const doc = parse(sim.kubeconfig) as { contexts: unknown[] };
      doc.contexts.push({
        name: 'second',
        context: { cluster: 'portside-sim', user: 'portside-sim', namespace: 'shop' },
      });
      const added = stringify(doc);
      writeFileSync(`${file}.lock`, added);
      renameSync(`${file}.lock`, file);
      await until(() => seen.some((c) => c.what === 'contexts'), 'a contexts change');
      expect(await engine.kube.contexts()).toContainEqual({
        name: 'second',
        cluster: 'portside-sim',
        namespace: 'shop',
        current: false,
      });
      const t = await engine.kube.targets('second', 'shop');
      expect(t.workloads.map((w) => w.path)).toContain('deployment/api');
    } finally {
      await engine.dispose();
      rmSync(kdir, { recursive: true, force: true });
    }
  });
});
