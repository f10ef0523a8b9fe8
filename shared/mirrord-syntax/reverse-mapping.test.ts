import { describe, expect, it } from 'vitest';
import { formatReverseMapping, parseReverseMapping } from './reverse-mapping.ts';

describe('parseReverseMapping', () => {
  it.each([
    ['80:8080', { remotePort: 80, localPort: 8080 }],
    ['8080', { remotePort: 8080, localPort: 8080 }],
    ['+443:0443', { remotePort: 443, localPort: 443 }],
  ])('accepts %s', (arg, expected) => {
    expect(parseReverseMapping(arg)).toEqual({ ok: true, value: expected });
  });

  it.each([
    // mirrord's -R reuses the -L text, hosts and all; users grep for it, so we keep it.
    [
      '1:2:3',
      'Invalid format of argument `1:2:3`, expected `[local-port:]remote-ipv4-or-hostname:remote-port`',
    ],
    ['', 'Failed to parse port `` in argument ``'],
    ['http', 'Failed to parse port `http` in argument `http`'],
    ['80:70000', 'Failed to parse port `70000` in argument `80:70000`'],
    ['0', 'Port `0` is not allowed in argument `0`'],
    ['0:8080', 'Port `0` is not allowed in argument `0:8080`'],
    ['80:0', 'Port `0` is not allowed in argument `80:0`'],
    // mirrord parses the local (second) port first.
    ['x:0', 'Port `0` is not allowed in argument `x:0`'],
    ['0:x', 'Failed to parse port `x` in argument `0:x`'],
  ])('rejects %j with mirrord’s text', (arg, error) => {
    expect(parseReverseMapping(arg)).toEqual({ ok: false, error });
  });

  it('formats remote:local', () => {
    expect(formatReverseMapping({ remotePort: 80, localPort: 8080 })).toBe('80:8080');
  });
});
