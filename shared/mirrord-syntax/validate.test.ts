import { describe, expect, it } from 'vitest';
import {
  describeLocalMapping,
  describeReverseMapping,
  describeSpec,
  describeTarget,
} from './describe.ts';
import { parseRule, REVERSE_NEEDS_TARGET, validateRuleSpec } from './validate.ts';
import { isLoopbackHost } from './host.ts';

describe('validateRuleSpec', () => {
  it('parses by direction and ignores pasted spaces', () => {
    expect(validateRuleSpec('L', ' 18080:py-serv:80 ')).toEqual({
      ok: true,
      value: {
        direction: 'L',
        mapping: { localPort: 18080, remoteHost: 'py-serv', remotePort: 80 },
      },
    });
    expect(validateRuleSpec('R', '80:8080')).toEqual({
      ok: true,
      value: { direction: 'R', mapping: { remotePort: 80, localPort: 8080 } },
    });
  });
  it('passes the parser’s error through', () => {
    expect(validateRuleSpec('L', '0:py:80')).toEqual({
      ok: false,
      error: 'Port `0` is not allowed in argument `0:py:80`',
    });
    expect(validateRuleSpec('R', 'py:80')).toEqual({
      ok: false,
      error: 'Failed to parse port `py` in argument `py:80`',
    });
  });
});

describe('parseRule', () => {
  it('adds the target, targetless when none is named', () => {
    expect(
      parseRule({ direction: 'L', spec: '5432:localhost:5432', target: 'statefulset/postgres' }),
    ).toEqual({
      ok: true,
      value: {
        direction: 'L',
        mapping: { localPort: 5432, remoteHost: 'localhost', remotePort: 5432 },
        target: { kind: 'statefulset', name: 'postgres' },
      },
    });
    const r = parseRule({ direction: 'L', spec: 'py:80', target: '' });
    expect(r.ok && r.value.target).toEqual({ kind: 'targetless' });
  });
  it('names the field at fault', () => {
    expect(parseRule({ direction: 'L', spec: 'x' })).toMatchObject({ ok: false, field: 'spec' });
    expect(parseRule({ direction: 'L', spec: 'py:80', target: 'py' })).toMatchObject({
      ok: false,
      field: 'target',
    });
    expect(parseRule({ direction: 'L', spec: 'py:80', bindAddress: 'my-laptop' })).toEqual({
      ok: false,
      field: 'bindAddress',
      error: 'Bind address `my-laptop` is not an IP address (e.g. 127.0.0.1 or ::1)',
    });
  });
  it('accepts IPv4 and IPv6 bind addresses', () => {
    expect(parseRule({ direction: 'L', spec: 'py:80', bindAddress: '0.0.0.0' }).ok).toBe(true);
    expect(parseRule({ direction: 'L', spec: 'py:80', bindAddress: '::1' }).ok).toBe(true);
  });
  it('refuses -R without a target', () => {
    for (const target of [undefined, 'targetless']) {
      expect(parseRule({ direction: 'R', spec: '80:8080', target })).toEqual({
        ok: false,
        field: 'target',
        error: REVERSE_NEEDS_TARGET,
      });
    }
    expect(parseRule({ direction: 'R', spec: '80:8080', target: 'deploy/api' }).ok).toBe(true);
  });
});

describe('descriptions', () => {
  it('describes -L and -R', () => {
    const m = { localPort: 18080, remoteHost: 'py-serv', remotePort: 80 };
    expect(describeLocalMapping(m)).toBe('127.0.0.1:18080 → py-serv:80');
    expect(describeLocalMapping({ ...m, remoteHost: 'fd00::1' }, '::1')).toBe(
      '[::1]:18080 → [fd00::1]:80',
    );
    expect(describeReverseMapping({ remotePort: 80, localPort: 8080 })).toBe(
      'remote:80 → 127.0.0.1:8080',
    );
    expect(
      describeReverseMapping(
        { remotePort: 80, localPort: 8080 },
        { kind: 'deployment', name: 'api' },
      ),
    ).toBe('deployment/api:80 → 127.0.0.1:8080');
  });
  it('describes a spec string, showing an invalid one as typed', () => {
    expect(describeSpec('L', 'api.shop:443', { bindAddress: '0.0.0.0' })).toBe(
      '0.0.0.0:443 → api.shop:443',
    );
    expect(describeSpec('R', '8080', { target: { kind: 'pod', name: 'x' } })).toBe(
      'pod/x:8080 → 127.0.0.1:8080',
    );
    expect(describeSpec('L', '0:x:80')).toBe('-L 0:x:80');
  });
  it('describes targets', () => {
    expect(describeTarget({ kind: 'targetless' })).toBe('targetless');
    expect(describeTarget({ kind: 'statefulset', name: 'pg', container: 'db' })).toBe(
      'stateful set pg (container db)',
    );
  });
});

describe('isLoopbackHost', () => {
  it('knows what only this machine reaches', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'LOCALHOST'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.2', '128.0.0.1', 'localhost.example', ''])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});
