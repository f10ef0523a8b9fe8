import { describe, expect, it } from 'vitest';
import { PortsideError } from '../../../shared/errors.ts';
import { checkDuplicates, parseRuleInput, validateRuleInput } from './validate-rule.ts';

const errorOf = (fn: () => unknown): PortsideError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof PortsideError) return err;
    throw err;
  }
  throw new Error('expected a PortsideError');
};

describe('parseRuleInput', () => {
  it('parses -L with and without a local port, and bracketed IPv6', () => {
    expect(parseRuleInput({ direction: 'L', spec: '18080:py-serv:80' })).toMatchObject({
      mapping: { localPort: 18080, remoteHost: 'py-serv', remotePort: 80 },
      target: { kind: 'targetless' },
    });
    expect(parseRuleInput({ direction: 'L', spec: 'api.shop:443' }).mapping).toEqual({
      localPort: 443,
      remoteHost: 'api.shop',
      remotePort: 443,
    });
    expect(parseRuleInput({ direction: 'L', spec: '8080:[fd00::1]:80' }).mapping).toMatchObject({
      remoteHost: 'fd00::1',
    });
  });

  it('uses mirrord error texts for bad specs', () => {
    expect(errorOf(() => parseRuleInput({ direction: 'L', spec: '0:py-serv:80' })).message).toBe(
      'Port `0` is not allowed in argument `0:py-serv:80`',
    );
    const e = errorOf(() => parseRuleInput({ direction: 'L', spec: '1:2:3:4' }));
    expect(e.kind).toBe('InvalidSpec');
    expect(e.message).toMatch(/^Invalid format of argument `1:2:3:4`/);
    expect(errorOf(() => parseRuleInput({ direction: 'R', spec: '99999' })).message).toBe(
      'Failed to parse port `99999` in argument `99999`',
    );
  });

  it('parses targets and rejects unknown prefixes and targetless -R', () => {
    expect(
      parseRuleInput({ direction: 'L', spec: '1:localhost:2', target: 'deploy/a/container/c' })
        .target,
    ).toEqual({
      kind: 'deployment',
      name: 'a',
      container: 'c',
    });
    expect(
      errorOf(() => parseRuleInput({ direction: 'L', spec: '1:a:2', target: 'py-serv' })).kind,
    ).toBe('InvalidTarget');
    expect(errorOf(() => parseRuleInput({ direction: 'R', spec: '80:8080' })).message).toMatch(
      /-R needs a target/,
    );
  });
});

describe('validateRuleInput and duplicates', () => {
  it('fills name and enabled, rejects a non-IP bind address', () => {
    const v = validateRuleInput({ direction: 'L', spec: ' 18080:py-serv:80 ' }, 'r1');
    expect(v.rule).toMatchObject({
      id: 'r1',
      name: '-L 18080:py-serv:80',
      enabled: true,
      spec: '18080:py-serv:80',
    });
    expect(
      errorOf(() => validateRuleInput({ direction: 'L', spec: '1:a:2', bindAddress: 'lan' }, 'x'))
        .kind,
    ).toBe('Validation');
  });

  it('rejects a second rule on the same local address, also against a wildcard bind', () => {
    const a = validateRuleInput({ direction: 'L', spec: '8080:a:80' }, 'a');
    const b = validateRuleInput({ direction: 'L', spec: '8080:b:81' }, 'b');
    const e = errorOf(() => checkDuplicates(b, [a]));
    expect(e.kind).toBe('DuplicateMapping');
    expect(e.message).toMatch(/local address `127\.0\.0\.1:8080`/);
    const wild = validateRuleInput(
      { direction: 'L', spec: '8080:b:81', bindAddress: '0.0.0.0' },
      'c',
    );
    expect(() => checkDuplicates(wild, [a])).toThrow(PortsideError);
    const other = validateRuleInput(
      { direction: 'L', spec: '8080:b:81', bindAddress: '127.0.0.2' },
      'd',
    );
    expect(() => checkDuplicates(other, [a])).not.toThrow();
  });

  it('rejects duplicate -R remote ports on one target only', () => {
    const a = validateRuleInput({ direction: 'R', spec: '80:8080', target: 'pod/x' }, 'a');
    const b = validateRuleInput({ direction: 'R', spec: '80:9090', target: 'pod/x' }, 'b');
    const c = validateRuleInput({ direction: 'R', spec: '80:9090', target: 'pod/y' }, 'c');
    expect(errorOf(() => checkDuplicates(b, [a])).message).toMatch(/destination port `80`/);
    expect(() => checkDuplicates(c, [a])).not.toThrow();
  });
});
