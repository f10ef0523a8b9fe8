import { describe, expect, it } from 'vitest';
import { createPodIpam, externalHostIp } from './addresses.ts';
import { newRunId, runIdOf, runNames } from './names.ts';
import { hostsFile, resolvConf } from './topology.ts';
import { podHostname } from './pod-runner.ts';

describe('run names', () => {
  it('derives every name from a 6-character run id, recoverable from the name', () => {
    const id = newRunId();
    expect(id).toMatch(/^[a-z0-9]{6}$/);
    const n = runNames(id);
    expect([n.nodeNs, n.worldNs, n.podNs(12)]).toEqual([
      `pss-${id}-node`,
      `pss-${id}-world`,
      `pss-${id}-p12`,
    ]);
    expect(runIdOf(n.podNs(3))).toBe(id);
    expect(n.ownerFile).toBe(`/run/portside-sim/${id}/owner`);
  });

  it('does not claim names that are not ours', () => {
    expect(runIdOf('psp-probe-123')).toBeUndefined();
    expect(runIdOf('cni-1234')).toBeUndefined();
  });
});

describe('addresses', () => {
  it('hands out distinct pod IPs, skipping .0 and .255, and does not reuse a released one at once', () => {
    const ipam = createPodIpam();
    const ips = Array.from({ length: 300 }, () => ipam.allocate());
    expect(new Set(ips).size).toBe(300);
    expect(ips[0]).toBe('198.18.1.1');
    expect(ips.some((ip) => /\.(0|255)$/.test(ip))).toBe(false);
    ipam.release(ips[0]!);
    expect(ipam.allocate()).not.toBe(ips[0]);
    expect(externalHostIp(0)).toBe('198.51.100.10');
  });
});

describe('kubelet files', () => {
  it('writes the ClusterFirst resolv.conf and the pod hosts file', () => {
    expect(resolvConf('shop')).toBe(
      'nameserver 198.18.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n',
    );
    expect(hostsFile('198.18.1.7', 'api-1')).toContain('198.18.1.7\tapi-1\n');
  });

  it('truncates hostnames to a DNS label', () => {
    expect(podHostname('a'.repeat(62) + '-b')).toBe('a'.repeat(62));
    expect(podHostname('web-1')).toBe('web-1');
  });
});
