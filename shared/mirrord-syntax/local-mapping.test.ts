import { describe, expect, it } from 'vitest';
import { formatLocalMapping, parseLocalMapping } from './local-mapping.ts';

const FORMAT_TAIL = 'expected `[local-port:]remote-ipv4-or-hostname:remote-port`';

describe('parseLocalMapping', () => {
  it.each([
    ['5432:postgres.data:5432', { localPort: 5432, remoteHost: 'postgres.data', remotePort: 5432 }],
    ['8080:10.0.3.7:80', { localPort: 8080, remoteHost: '10.0.3.7', remotePort: 80 }],
    ['api.shop:443', { localPort: 443, remoteHost: 'api.shop', remotePort: 443 }],
    ['18080:py-serv:80', { localPort: 18080, remoteHost: 'py-serv', remotePort: 80 }],
    ['8080:[fd00::1]:80', { localPort: 8080, remoteHost: 'fd00::1', remotePort: 80 }],
    ['[::1]:80', { localPort: 80, remoteHost: '::1', remotePort: 80 }],
    [
      '9000:[::ffff:10.0.0.1]:90',
      { localPort: 9000, remoteHost: '::ffff:10.0.0.1', remotePort: 90 },
    ],
    [
      '65535:svc.ns.svc.cluster.local.:1',
      { localPort: 65535, remoteHost: 'svc.ns.svc.cluster.local.', remotePort: 1 },
    ],
    // Rust's u16 parser (mirrord's) accepts a leading `+` and leading zeros.
    ['+8080:db:0080', { localPort: 8080, remoteHost: 'db', remotePort: 80 }],
  ])('accepts %s', (arg, expected) => {
    expect(parseLocalMapping(arg)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['8080', `Invalid format of argument \`8080\`, ${FORMAT_TAIL}`],
    ['', `Invalid format of argument \`\`, ${FORMAT_TAIL}`],
    ['1:2:3:4', `Invalid format of argument \`1:2:3:4\`, ${FORMAT_TAIL}`],
    ['8080:[fd00::1]', `Invalid format of argument \`8080:[fd00::1]\`, ${FORMAT_TAIL}`],
    ['8080:[fd00::1:80', `Invalid format of argument \`8080:[fd00::1:80\`, ${FORMAT_TAIL}`],
    ['x:py:80', 'Failed to parse port `x` in argument `x:py:80`'],
    ['8080:py:30303030', 'Failed to parse port `30303030` in argument `8080:py:30303030`'],
    ['8080:py:65536', 'Failed to parse port `65536` in argument `8080:py:65536`'],
    ['8080:py:-1', 'Failed to parse port `-1` in argument `8080:py:-1`'],
    ['8080:py: 80', 'Failed to parse port ` 80` in argument `8080:py: 80`'],
    ['py:', 'Failed to parse port `` in argument `py:`'],
    ['0:py-serv:80', 'Port `0` is not allowed in argument `0:py-serv:80`'],
    ['8080:py-serv:0', 'Port `0` is not allowed in argument `8080:py-serv:0`'],
    ['py-serv:000', 'Port `0` is not allowed in argument `py-serv:000`'],
    // mirrord checks the local port before the remote one.
    ['x:py:0', 'Failed to parse port `x` in argument `x:py:0`'],
    ['0:py:x', 'Port `0` is not allowed in argument `0:py:x`'],
  ])('rejects %j with mirrord’s text', (arg, error) => {
    expect(parseLocalMapping(arg)).toEqual({ ok: false, error });
  });

  it('rejects an empty host, which mirrord lets through to DNS', () => {
    expect(parseLocalMapping('8080::80')).toEqual({
      ok: false,
      error: `Missing remote host in argument \`8080::80\`, ${FORMAT_TAIL}`,
    });
  });

  it.each([
    ['8080:[10.0.0.1]:80', 'Invalid IPv6 address `10.0.0.1` in argument `8080:[10.0.0.1]:80`'],
    ['8080:[fd00::1::2]:80', 'Invalid IPv6 address `fd00::1::2`'],
    ['[]:80', 'Missing remote host in argument `[]:80`'],
    ['8080:py serv:80', 'Invalid remote host `py serv` in argument `8080:py serv:80`'],
    ['8080:300.1.1.1:80', 'Invalid remote host `300.1.1.1`'],
    ['8080:a/b:80', 'Invalid remote host `a/b`'],
  ])('rejects the bad host in %s', (arg, error) => {
    const r = parseLocalMapping(arg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(error);
  });

  it('hints at the bind setting for an ssh-style bind address', () => {
    expect(parseLocalMapping('127.0.0.1:8080:py:80')).toEqual({
      ok: false,
      error: `Invalid format of argument \`127.0.0.1:8080:py:80\`, ${FORMAT_TAIL} (the local bind address is a separate setting, e.g. \`--bind 0.0.0.0\`)`,
    });
  });

  it('hints at brackets for an unbracketed IPv6 address', () => {
    const r = parseLocalMapping('8080:fd00::1:80');
    expect(r).toEqual({
      ok: false,
      error: `Invalid format of argument \`8080:fd00::1:80\`, ${FORMAT_TAIL} (write an IPv6 address in brackets, e.g. \`8080:[fd00::1]:80\`)`,
    });
  });
});

describe('formatLocalMapping', () => {
  it('writes the full form and brackets IPv6 hosts', () => {
    expect(formatLocalMapping({ localPort: 443, remoteHost: 'api.shop', remotePort: 443 })).toBe(
      '443:api.shop:443',
    );
    expect(formatLocalMapping({ localPort: 8080, remoteHost: 'fd00::1', remotePort: 80 })).toBe(
      '8080:[fd00::1]:80',
    );
  });
});
