import { describe, expect, it } from 'vitest';
import { newMeta, type KubeObject } from '../store/types.ts';
import { humanDuration } from './human-duration.ts';
import { podStatusReason } from './table-pod.ts';
import { tableVersionOf, toTable } from './table.ts';

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [5_000, '5s'],
    [119_000, '119s'],
    [125_000, '2m5s'],
    [600_000, '10m'],
    [3 * 3600_000 + 5 * 60_000, '3h5m'],
    [30 * 3600_000, '30h'],
    [3 * 86400_000 + 4 * 3600_000, '3d4h'],
    [40 * 86400_000, '40d'],
  ])('%d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want));
});

const pod = (status: object, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: newMeta({ name: 'p', creationTimestamp: new Date().toISOString(), ...extra }),
  spec: { containers: [{ name: 'a' }] },
  status,
});

describe('pod STATUS column', () => {
  it('follows the kubelet reasons kubectl prints', () => {
    expect(
      podStatusReason(
        pod({
          phase: 'Pending',
          containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }],
        }),
      ).reason,
    ).toBe('ContainerCreating');
    expect(
      podStatusReason(
        pod({ phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] }),
      ),
    ).toMatchObject({ reason: 'Running', ready: 1 });
    expect(
      podStatusReason(
        pod(
          { phase: 'Running', containerStatuses: [{ ready: true, state: { running: {} } }] },
          { deletionTimestamp: 'x' },
        ),
      ).reason,
    ).toBe('Terminating');
    expect(
      podStatusReason(
        pod({ phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 3 } } }] }),
      ).reason,
    ).toBe('ExitCode:3');
  });
});

describe('Table', () => {
  it('reads the version kubectl asks for', () => {
    expect(tableVersionOf('application/json;as=Table;v=v1;g=meta.k8s.io,application/json')).toBe(
      'meta.k8s.io/v1',
    );
    expect(tableVersionOf('application/json;as=Table;v=v1beta1;g=meta.k8s.io')).toBe(
      'meta.k8s.io/v1beta1',
    );
    expect(tableVersionOf('application/json')).toBeUndefined();
  });
  it('includes the object as asked', () => {
    const t = toTable('pods', [pod({ phase: 'Pending' })], {
      apiVersion: 'meta.k8s.io/v1',
      includeObject: 'None',
      now: Date.now(),
    });
    expect((t.rows as { object?: unknown }[])[0]!.object).toBeUndefined();
    const d = toTable('configmaps', [pod({})], {
      apiVersion: 'meta.k8s.io/v1',
      includeObject: 'Object',
      now: Date.now(),
    });
    expect((d.columnDefinitions as { name: string }[]).map((c) => c.name)).toEqual(['Name', 'Age']);
  });
});
