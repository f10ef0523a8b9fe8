import { describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import type { KubeSession } from '../kube/kube-session.ts';
import { createAgentHandle } from './agent-handle.ts';
import type { KubeWriter } from './kube-write.ts';

/** A handle whose cluster refuses the ephemeral container (RBAC), counting the attempts. */
function refusedHandle() {
  const calls = { patch: 0 };
  const writer: KubeWriter = {
    patchEphemeral: async () => {
      calls.patch++;
      throw new PortsideError(
        'Forbidden',
        'the cluster does not allow "patch" on "pods/ephemeralcontainers"',
      );
    },
    createPod: async () => undefined,
    deletePod: async () => undefined,
  };
  const handle = createAgentHandle({
    session: { api: {}, namespace: 'default', context: 'c' } as unknown as KubeSession,
    writer,
    script: async () => '1',
    transport: async () => {
      throw new Error('not reached');
    },
    settings: { image: 'portside/agent:1', startupTimeoutMs: 5000 },
    namespace: 'default',
    pod: 'web-1',
  });
  return { handle, calls };
}

describe('agent handle', () => {
  it('reports a refusal on the handle and reuses it instead of patching the pod again', async () => {
    const { handle, calls } = refusedHandle();
    await expect(handle.connect('example.com', 80)).rejects.toThrow(/does not allow "patch"/);
    expect(handle.view()).toMatchObject({ pod: 'web-1', state: 'failed' });
    await expect(handle.connect('example.com', 80)).rejects.toThrow(/does not allow "patch"/);
    expect(calls.patch).toBe(1);
  });

  it('a stop clears the failure, so the next use tries again', async () => {
    const { handle, calls } = refusedHandle();
    await expect(handle.connect('example.com', 80)).rejects.toThrow();
    await handle.stop();
    expect(handle.view().state).toBe('stopped');
    await expect(handle.connect('example.com', 80)).rejects.toThrow();
    expect(calls.patch).toBe(2);
  });
});
