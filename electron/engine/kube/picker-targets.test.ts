import { describe, expect, it } from 'vitest';
import { serviceInfo, sortWorkloads, workloadInfo, type RawWorkload } from './picker-targets.ts';

const podSpec = (name: string, port?: number) => ({
  containers: [{ name, image: 'x', ...(port ? { ports: [{ containerPort: port }] } : {}) }],
});

describe('picker targets', () => {
  it('reads a CronJob through its job template and never calls it ready', () => {
    const cj: RawWorkload = {
      metadata: { name: 'nightly' },
      spec: { jobTemplate: { spec: { template: { spec: podSpec('run', 9000) } } } },
    };
    expect(workloadInfo('cronjob', cj)).toEqual({
      kind: 'cronjob',
      name: 'nightly',
      path: 'cronjob/nightly',
      containers: [{ name: 'run', ports: [{ port: 9000, protocol: 'TCP' }] }],
    });
  });

  it('lists a ReplicaSet only when no Deployment or Rollout controls it', () => {
    const rs = (kind?: string): RawWorkload => ({
      metadata: { name: 'rs', ...(kind ? { ownerReferences: [{ kind, controller: true }] } : {}) },
      spec: { template: { spec: podSpec('c') } },
      status: { readyReplicas: 0 },
    });
    expect(workloadInfo('replicaset', rs('Deployment'))).toBeUndefined();
    expect(workloadInfo('replicaset', rs('Rollout'))).toBeUndefined();
    expect(workloadInfo('replicaset', rs())).toMatchObject({ path: 'replicaset/rs', ready: false });
  });

  it('calls a Job ready while it has active pods', () => {
    const job = (active: number): RawWorkload => ({
      metadata: { name: 'j' },
      spec: { template: { spec: podSpec('c') } },
      status: { active },
    });
    expect(workloadInfo('job', job(1))?.ready).toBe(true);
    expect(workloadInfo('job', job(0))?.ready).toBe(false);
  });

  it('keeps numbered and named target ports of a service', () => {
    expect(
      serviceInfo({
        metadata: { name: 's' },
        spec: {
          ports: [
            { port: 80, targetPort: 'http' as never },
            { port: 5432, name: 'pg', protocol: 'TCP', targetPort: 5432 as never },
          ],
        },
      })?.ports,
    ).toEqual([
      { port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'pg', port: 5432, targetPort: 5432, protocol: 'TCP' },
    ]);
  });

  it('sorts deployments first, pods last, then by name', () => {
    const w = (kind: 'pod' | 'deployment' | 'job', name: string) => ({
      kind,
      name,
      path: `${kind}/${name}`,
      containers: [],
    });
    expect(
      sortWorkloads([w('pod', 'a'), w('job', 'b'), w('deployment', 'z'), w('deployment', 'c')]).map(
        (x) => x.path,
      ),
    ).toEqual(['deployment/c', 'deployment/z', 'job/b', 'pod/a']);
  });
});
