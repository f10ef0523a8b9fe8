import { describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import { manualClock } from '../clock.ts';
import type { ClusterSessions } from './cluster-sessions.ts';
import type { KubeSession } from './kube-session.ts';
import type { PickerApi } from './picker-api.ts';
import { createPickers, MAX_LISTED } from './pickers.ts';

/** One context whose reads the test scripts; no watches (the fake API has no listWatch). */
function fakeClusters(picker: Partial<PickerApi>): ClusterSessions {
  const session = { api: {}, namespace: 'team-a', context: 'c' } as unknown as KubeSession;
  const full: PickerApi = {
    listNamespaces: async () => [],
    listPods: async () => [],
    listServices: async () => [],
    listWorkloads: async () => [],
    ...picker,
  };
  return {
    sessions: async () => session,
    cluster: async () => ({ session, picker: full }),
    contexts: async () => [],
    drop: () => undefined,
  };
}

const pickersOver = (picker: Partial<PickerApi>) =>
  createPickers({ clusters: fakeClusters(picker), clock: manualClock(), log: () => undefined });

describe('pickers (fake cluster)', () => {
  it('offer the context namespace when listing namespaces is forbidden', async () => {
    const p = pickersOver({
      listNamespaces: async () => {
        throw new PortsideError('Forbidden', 'namespaces is forbidden');
      },
    });
    expect(await p.namespaces('c')).toEqual(['team-a']);
  });

  it('pass other namespace failures on in words', async () => {
    const p = pickersOver({
      listNamespaces: async () => {
        throw new PortsideError('Unauthorized', 'the cluster rejected our credentials (401)');
      },
    });
    await expect(p.namespaces('c')).rejects.toMatchObject({ kind: 'Unauthorized' });
  });

  it('treat a cluster without Argo Rollouts as having none, and report other kinds that fail', async () => {
    const p = pickersOver({
      listWorkloads: async (kind) => {
        if (kind === 'rollout')
          throw new PortsideError('TargetNotFound', 'rollouts not found in namespace "x"');
        if (kind === 'cronjob') throw new PortsideError('Forbidden', 'cronjobs is forbidden');
        return [];
      },
    });
    const t = await p.targets('c', 'x');
    expect(t.warnings).toEqual(['cronjobs: cronjobs is forbidden']);
    expect(t.workloads).toEqual([]);
  });

  it('list a bounded number of targets and say how many there were', async () => {
    const n = MAX_LISTED + 5;
    const p = pickersOver({
      listPods: async () =>
        Array.from({ length: n }, (_, i) => ({
          metadata: { name: `p${i}` },
          spec: { containers: [] },
        })),
    });
    const t = await p.targets('c', 'x');
    expect(t.workloads).toHaveLength(MAX_LISTED);
    expect(t.warnings).toEqual([`showing the first ${MAX_LISTED} of ${n} targets`]);
  });
});
