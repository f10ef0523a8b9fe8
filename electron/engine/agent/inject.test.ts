import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import { judge, type Injected } from './inject.ts';

const eph: Injected = {
  namespace: 'default',
  pod: 'web-1',
  container: 'portside-agent-x',
  ownPod: false,
};
const own: Injected = {
  namespace: 'default',
  pod: 'portside-agent-y',
  container: 'portside-agent-y',
  ownPod: true,
};

const withState = (
  state: object | undefined,
  ephemeral = true,
  extra: Partial<V1Pod> = {},
): V1Pod => {
  const statuses = state ? [{ name: ephemeral ? eph.container : own.container, state }] : [];
  return {
    metadata: { name: 'p', ...extra.metadata },
    status: ephemeral
      ? { ephemeralContainerStatuses: statuses as never }
      : { containerStatuses: statuses as never },
  };
};

describe('judge: the agent container as the cluster reports it', () => {
  it('moves through creating, pulling and running', () => {
    expect(judge(withState(undefined), eph, 'img')).toBe('creating');
    expect(judge(withState({ waiting: { reason: 'ContainerCreating' } }), eph, 'img')).toBe(
      'pulling',
    );
    expect(judge(withState({ running: {} }), eph, 'img')).toBe('running');
    expect(judge(withState({ running: {} }, false), own, 'img')).toBe('running');
  });

  it('fails fast on pull errors, with the image and the cluster message', () => {
    const e = judge(
      withState({ waiting: { reason: 'ErrImagePull', message: 'not found' } }),
      eph,
      'x/y:1',
    );
    expect(e).toBeInstanceOf(PortsideError);
    expect((e as PortsideError).message).toBe(
      'the agent image "x/y:1" cannot be pulled (ErrImagePull): not found',
    );
  });

  it('fails when the agent exited at start or the pod is going away', () => {
    const done = judge(
      withState({ terminated: { exitCode: 2, reason: 'Error', message: 'bad env' } }),
      eph,
      'i',
    );
    expect((done as PortsideError).message).toBe(
      'the agent exited at start (Error, exit code 2): bad env',
    );
    const gone = judge(
      withState({ running: {} }, true, { metadata: { deletionTimestamp: new Date() } }),
      eph,
      'i',
    );
    expect((gone as PortsideError).message).toMatch(/pod web-1 is being deleted/);
  });
});
