import { describe, expect, it } from 'vitest';
import { TARGET_FORMATS } from './messages.ts';
import { formatTarget, parseRuleTarget, parseTarget } from './target.ts';
import { parseTargetConfig } from './target-config.ts';

describe('parseTarget (strings)', () => {
  it.each([
    ['targetless', { kind: 'targetless' }],
    ['pod/db-0', { kind: 'pod', name: 'db-0' }],
    ['pod/db-0/container/postgres', { kind: 'pod', name: 'db-0', container: 'postgres' }],
    ['deployment/api', { kind: 'deployment', name: 'api' }],
    ['deploy/api/container/app', { kind: 'deployment', name: 'api', container: 'app' }],
    ['rollout/web', { kind: 'rollout', name: 'web' }],
    ['job/migrate', { kind: 'job', name: 'migrate' }],
    ['cronjob/nightly/container/c', { kind: 'cronjob', name: 'nightly', container: 'c' }],
    ['statefulset/postgres', { kind: 'statefulset', name: 'postgres' }],
    ['service/py-serv', { kind: 'service', name: 'py-serv' }],
    ['replicaset/api-7d9f8', { kind: 'replicaset', name: 'api-7d9f8' }],
  ])('accepts %s', (path, expected) => {
    expect(parseTarget(path)).toEqual({ ok: true, value: expected });
  });

  it('gives mirrord’s text for an unknown prefix, followed by the valid formats', () => {
    const r = parseTarget('py-serv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(
      /^Provided target: py-serv is unsupported\. Did you remember to add a prefix, e\.g\. pod\/py-serv\? Valid formats: /,
    );
    for (const f of TARGET_FORMATS) expect(r.error).toContain(`\`${f}\``);
    expect(r.error).not.toContain('\n');
  });

  it.each([
    ['Pod/x', 'Provided target: Pod/x is unsupported'],
    ['label/app=x', 'Provided target: label/app=x is unsupported'],
    ['', 'Provided target:  is unsupported'],
    [
      'pod',
      'Invalid target `pod`: expected `pod/<name>` optionally followed by `/container/<container>`',
    ],
    ['pod/', 'Invalid target `pod/`: the pod name is missing'],
    ['deploy/api/app', 'Invalid target `deploy/api/app`: expected `deploy/<name>`'],
    ['pod/a/container/c/extra', 'Invalid target `pod/a/container/c/extra`: expected'],
    ['pod/a/container/', 'Invalid target `pod/a/container/`: the container name is missing'],
    ['pod/My_Pod', '`My_Pod` is not a valid Kubernetes name'],
    ['pod/a/container/Bad.Name', '`Bad.Name` is not a valid container name'],
  ])('rejects %j', (path, error) => {
    const r = parseTarget(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });
});

describe('parseTarget (objects)', () => {
  it.each([
    [
      { pod: 'db-0', container: 'pg' },
      { kind: 'pod', name: 'db-0', container: 'pg' },
    ],
    [{ deployment: 'api' }, { kind: 'deployment', name: 'api' }],
    [
      { rollout: 'web', container: null },
      { kind: 'rollout', name: 'web' },
    ],
    [{ job: 'j' }, { kind: 'job', name: 'j' }],
    [{ cron_job: 'c' }, { kind: 'cronjob', name: 'c' }],
    [{ stateful_set: 's' }, { kind: 'statefulset', name: 's' }],
    [{ service: 'svc' }, { kind: 'service', name: 'svc' }],
    [{ replica_set: 'rs' }, { kind: 'replicaset', name: 'rs' }],
  ])('accepts %j', (obj, expected) => {
    expect(parseTarget(obj)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [{ pods: 'x' }, 'Unknown field `pods` in target'],
    [{ container: 'x' }, 'must name exactly one of'],
    [{ pod: 'a', deployment: 'b' }, 'must name exactly one of'],
    [{ pod: 1 }, '`pod` and `container` must be strings'],
    [{ pod: '' }, 'the pod name is missing'],
    [[], 'A target must be a path'],
    [42, 'A target must be a path'],
    [null, 'A target must be a path'],
  ])('rejects %j', (input, error) => {
    const r = parseTarget(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });
});

describe('formatTarget and parseRuleTarget', () => {
  it('canonicalises the deploy alias', () => {
    const r = parseTarget('deploy/api/container/app');
    expect(r.ok && formatTarget(r.value)).toBe('deployment/api/container/app');
  });
  it('treats an empty rule target as targetless', () => {
    expect(parseRuleTarget(undefined)).toEqual({ ok: true, value: { kind: 'targetless' } });
    expect(parseRuleTarget('  ')).toEqual({ ok: true, value: { kind: 'targetless' } });
    expect(parseRuleTarget(' pod/x ')).toEqual({ ok: true, value: { kind: 'pod', name: 'x' } });
  });
});

describe('parseTargetConfig', () => {
  it.each([
    [undefined, {}],
    ['pod/x', { target: { kind: 'pod', name: 'x' } }],
    [{ deployment: 'api' }, { target: { kind: 'deployment', name: 'api' } }],
    [
      { path: 'targetless', namespace: 'shop' },
      { target: { kind: 'targetless' }, namespace: 'shop' },
    ],
    [
      { path: { rollout: 'web', container: 'web' }, namespace: 'shop' },
      { target: { kind: 'rollout', name: 'web', container: 'web' }, namespace: 'shop' },
    ],
    [{ namespace: 'only' }, { namespace: 'only' }],
  ])('reads %j', (input, expected) => {
    expect(parseTargetConfig(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [{ path: 'pod/x', namespce: 'typo' }, 'Unknown field `namespce` in target'],
    [{ path: 'nope' }, 'Provided target: nope is unsupported'],
    [{ namespace: 3 }, 'target.namespace must be a string'],
  ])('rejects %j', (input, error) => {
    const r = parseTargetConfig(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });
});
