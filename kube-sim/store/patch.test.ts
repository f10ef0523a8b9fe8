import { describe, expect, it } from 'vitest';
import { applyPatch, mergePatch, patchTypeOf } from './patch.ts';

const pod = {
  metadata: { name: 'p', labels: { a: '1', b: '2' } },
  spec: {
    containers: [
      { name: 'app', image: 'x:1', ports: [{ containerPort: 80, name: 'http' }] },
      { name: 'side', image: 'y:1' },
    ],
    ephemeralContainers: [{ name: 'dbg-1', image: 'busybox' }],
  },
};

describe('patch types', () => {
  it('maps content types and rejects others with 415', () => {
    expect(patchTypeOf('application/json-patch+json')).toBe('json');
    expect(patchTypeOf('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchTypeOf('application/strategic-merge-patch+json')).toBe('strategic');
    expect(() => patchTypeOf('application/apply-patch+yaml')).toThrow(
      expect.objectContaining({ code: 415 }),
    );
  });
});

describe('JSON patch', () => {
  it('appends an ephemeral container without touching the input', () => {
    const out = applyPatch('json', pod, [
      { op: 'add', path: '/spec/ephemeralContainers/-', value: { name: 'dbg-2', image: 'node' } },
    ]) as typeof pod;
    expect(out.spec.ephemeralContainers.map((c) => c.name)).toEqual(['dbg-1', 'dbg-2']);
    expect(pod.spec.ephemeralContainers).toHaveLength(1);
  });
  it('a failing test op is a 422', () => {
    expect(() =>
      applyPatch('json', pod, [{ op: 'test', path: '/metadata/name', value: 'q' }]),
    ).toThrow(expect.objectContaining({ code: 422 }));
  });
});

describe('merge patch', () => {
  it('merges maps, deletes with null and replaces lists', () => {
    const out = mergePatch(pod, {
      metadata: { labels: { a: null, c: '3' } },
      spec: { containers: [{ name: 'only' }] },
    }) as typeof pod;
    expect(out.metadata.labels).toEqual({ b: '2', c: '3' });
    expect(out.spec.containers).toEqual([{ name: 'only' }]);
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name and keeps the others', () => {
    const out = applyPatch('strategic', pod, {
      spec: { containers: [{ name: 'side', image: 'y:2' }] },
    }) as typeof pod;
    expect(out.spec.containers).toHaveLength(2);
    expect(out.spec.containers[1]).toEqual({ name: 'side', image: 'y:2' });
    expect(out.spec.containers[0]!.ports).toHaveLength(1);
  });

  it('adds an ephemeral container the way kubectl debug sends it, with $setElementOrder', () => {
    const patch = {
      spec: {
        '$setElementOrder/ephemeralContainers': [{ name: 'dbg-1' }, { name: 'dbg-2' }],
        ephemeralContainers: [{ name: 'dbg-2', image: 'busybox', stdin: true }],
      },
    };
    const out = applyPatch('strategic', pod, patch) as typeof pod;
    expect(out.spec.ephemeralContainers.map((c) => c.name)).toEqual(['dbg-1', 'dbg-2']);
    expect(JSON.stringify(out)).not.toContain('$setElementOrder');
  });

  it('reorders with $setElementOrder and deletes with $patch: delete', () => {
    const patch = {
      spec: {
        '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }],
        containers: [{ name: 'app', $patch: 'delete' }],
      },
    };
    const out = applyPatch('strategic', pod, patch) as typeof pod;
    expect(out.spec.containers.map((c) => c.name)).toEqual(['side']);
    const reordered = applyPatch('strategic', pod, {
      spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'app' }] },
    }) as typeof pod;
    expect(reordered.spec.containers.map((c) => c.name)).toEqual(['side', 'app']);
  });

  it('sets a template annotation like kubectl rollout restart', () => {
    const d = { spec: { template: { metadata: { labels: { app: 'x' } } } } };
    const out = applyPatch('strategic', d, {
      spec: {
        template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 't' } } },
      },
    }) as {
      spec: { template: { metadata: Record<string, unknown> } };
    };
    expect(out.spec.template.metadata).toEqual({
      labels: { app: 'x' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': 't' },
    });
  });

  it('merges container ports by containerPort and service ports by port', () => {
    const svc = {
      spec: {
        ports: [
          { port: 80, name: 'http' },
          { port: 443, name: 'https' },
        ],
      },
    };
    const out = applyPatch('strategic', svc, {
      spec: { ports: [{ port: 443, targetPort: 8443 }] },
    }) as typeof svc;
    expect(out.spec.ports).toEqual([
      { port: 80, name: 'http' },
      { port: 443, name: 'https', targetPort: 8443 },
    ]);
  });
});
