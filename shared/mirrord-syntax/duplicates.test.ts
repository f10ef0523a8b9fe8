import { describe, expect, it } from 'vitest';
import { findDuplicateLocal, findDuplicateRemote } from './duplicates.ts';

describe('duplicate mappings', () => {
  it('reports a repeated local port with mirrord’s text', () => {
    expect(
      findDuplicateLocal([{ localPort: 8080 }, { localPort: 9090 }, { localPort: 8080 }]),
    ).toBe('multiple port forwarding mappings found for local address `127.0.0.1:8080`');
    expect(findDuplicateLocal([{ localPort: 8080 }, { localPort: 9090 }])).toBeUndefined();
  });

  it('keys local ports by bind address', () => {
    expect(
      findDuplicateLocal([{ localPort: 80 }, { localPort: 80, bindAddress: '::1' }]),
    ).toBeUndefined();
    expect(findDuplicateLocal([{ localPort: 80 }, { localPort: 80 }], '::1')).toBe(
      'multiple port forwarding mappings found for local address `[::1]:80`',
    );
  });

  it('reports a repeated remote port; two remote ports may share a local one', () => {
    expect(
      findDuplicateRemote([
        { remotePort: 80, localPort: 1 },
        { remotePort: 80, localPort: 2 },
      ]),
    ).toBe('multiple port forwarding mappings found for destination port `80`');
    expect(
      findDuplicateRemote([
        { remotePort: 80, localPort: 1 },
        { remotePort: 81, localPort: 1 },
      ]),
    ).toBeUndefined();
  });
});
