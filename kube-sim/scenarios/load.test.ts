import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PortsideError } from '../../shared/errors.ts';
import { createAdmit } from '../store/defaults.ts';
import { Store } from '../store/store.ts';
import { applyScenario, bootstrapCluster } from './bootstrap.ts';
import { loadScenario, parseScenario } from './load.ts';

describe('scenarios', () => {
  it('loads the built-in demo: py-serv, postgres and shop/api with their Services', async () => {
    const demo = await loadScenario('demo');
    expect(
      demo.objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`),
    ).toEqual([
      'Deployment/default/py-serv',
      'Service/default/py-serv',
      'StatefulSet/default/postgres',
      'Service/default/postgres',
      'Namespace//shop',
      'Deployment/shop/api',
      'Service/shop/api',
    ]);
    const store = new Store();
    store.admit = createAdmit(store);
    bootstrapCluster(store);
    applyScenario(store, demo);
    expect(store.get('deployments.apps', 'default', 'py-serv')!.spec.replicas).toBe(2);
    expect(store.get('services', 'default', 'py-serv')!.spec.ports[0]).toMatchObject({
      port: 80,
      targetPort: 'http',
    });
    expect(store.get('namespaces', undefined, 'shop')).toBeDefined();
  });

  it('reads JSON lists and SimExternalHost documents from files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kube-sim-scn-'));
    try {
      const file = join(dir, 's.json');
      await writeFile(
        file,
        JSON.stringify({
          kind: 'List',
          items: [
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
            {
              kind: 'SimExternalHost',
              metadata: { name: 'api.example.test' },
              spec: { image: 'portside/sim-http:1', ports: [80] },
            },
          ],
        }),
      );
      const s = await loadScenario(file);
      expect(s.objects.map((o) => o.kind)).toEqual(['ConfigMap']);
      expect(s.externalHosts).toEqual([
        { name: 'api.example.test', image: 'portside/sim-http:1', ports: [80] },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('explains bad input as InvalidSpec / NotFound errors', async () => {
    expect(() => parseScenario('kind: Gadget\nmetadata: {name: x}\n', 'x.yaml')).toThrow(
      /does not serve \? Gadget/,
    );
    expect(() => parseScenario('a: [', 'x.yaml')).toThrow(PortsideError);
    await expect(loadScenario('/nonexistent/file.yaml')).rejects.toMatchObject({
      kind: 'NotFound',
    });
    const store = new Store();
    store.admit = createAdmit(store);
    bootstrapCluster(store);
    const bad = parseScenario(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n',
      'bad.yaml',
    );
    expect(() => applyScenario(store, bad)).toThrow(
      /scenario bad\.yaml: Pod p: Pod "p" is invalid/,
    );
  });
});
