import { describe, expect, it } from 'vitest';
import { capabilityPrefix, exitCodeOf, notFoundMessage, resolveOnPath } from './spawn-contained.ts';

describe('spawn-contained helpers', () => {
  it('finds executables only on the given PATH', () => {
    expect(resolveOnPath('sh', '/bin:/usr/bin')).toMatch(/\/sh$/);
    expect(resolveOnPath('sh', '/nonexistent')).toBeUndefined();
    expect(resolveOnPath('/bin/sh', '')).toBe('/bin/sh');
    expect(resolveOnPath('definitely-not-a-tool', '/bin:/usr/bin')).toBeUndefined();
  });

  it('limits capabilities through setpriv, except for privileged containers', () => {
    const prefix = capabilityPrefix(['NET_ADMIN', 'CHOWN']);
    expect(prefix[0]).toMatch(/setpriv$/);
    expect(prefix).toContain('--inh-caps=-all');
    expect(prefix).toContain('--bounding-set=-all,+net_admin,+chown');
    expect(capabilityPrefix([])).toContain('--bounding-set=-all');
    expect(capabilityPrefix('all')).toEqual([]);
  });

  it('reports exit codes the shell way and the containerd message for a missing binary', () => {
    expect(exitCodeOf(3, null)).toBe(3);
    expect(exitCodeOf(null, 'SIGKILL')).toBe(137);
    expect(exitCodeOf(null, 'SIGTERM')).toBe(143);
    expect(notFoundMessage('psql')).toBe('exec: "psql": executable file not found in $PATH');
  });
});
