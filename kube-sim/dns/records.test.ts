import { describe, expect, it } from 'vitest';
import { buildDnsTable, lookup, type DnsZoneInput } from './records.ts';

const zone: DnsZoneInput = {
  services: [
    {
      namespace: 'default',
      name: 'py-serv',
      clusterIP: '198.19.0.5',
      endpoints: [{ ip: '198.18.1.1', ready: true }],
    },
    {
      namespace: 'default',
      name: 'postgres',
      clusterIP: 'None',
      endpoints: [
        { ip: '198.18.1.3', ready: true, hostname: 'postgres-0' },
        { ip: '198.18.1.4', ready: false, hostname: 'postgres-1' },
      ],
    },
    { namespace: 'shop', name: 'empty', clusterIP: null, endpoints: [] },
  ],
  externalHosts: [{ name: 'api.example.test', ip: '198.51.100.10' }],
};

describe('cluster DNS records', () => {
  const table = buildDnsTable(zone);

  it('answers a ClusterIP Service by its fully qualified name, case-insensitively, with or without the root dot', () => {
    expect(lookup(table, 'py-serv.default.svc.cluster.local')).toEqual({
      kind: 'a',
      ips: ['198.19.0.5'],
    });
    expect(lookup(table, 'PY-SERV.default.svc.cluster.local.')).toEqual({
      kind: 'a',
      ips: ['198.19.0.5'],
    });
  });

  it('does not answer short names itself (the pod resolver expands them through its search path)', () => {
    expect(lookup(table, 'py-serv')).toEqual({ kind: 'nxdomain' });
    expect(lookup(table, 'py-serv.default')).toEqual({ kind: 'nxdomain' });
  });

  it('answers a headless Service with its ready pods only, and StatefulSet pods by hostname', () => {
    expect(lookup(table, 'postgres.default.svc.cluster.local')).toEqual({
      kind: 'a',
      ips: ['198.18.1.3'],
    });
    expect(lookup(table, 'postgres-0.postgres.default.svc.cluster.local')).toEqual({
      kind: 'a',
      ips: ['198.18.1.3'],
    });
    expect(lookup(table, 'postgres-1.postgres.default.svc.cluster.local')).toEqual({
      kind: 'nxdomain',
    });
  });

  it('keeps a headless Service without ready pods as an existing name without addresses', () => {
    expect(lookup(table, 'empty.shop.svc.cluster.local')).toEqual({ kind: 'a', ips: [] });
  });

  it('answers pod records from the dashed IP and rejects malformed ones', () => {
    expect(lookup(table, '198-18-1-7.default.pod.cluster.local')).toEqual({
      kind: 'a',
      ips: ['198.18.1.7'],
    });
    expect(lookup(table, '198-18-1-700.default.pod.cluster.local')).toEqual({ kind: 'nxdomain' });
    expect(lookup(table, '198-18-1.default.pod.cluster.local')).toEqual({ kind: 'nxdomain' });
  });

  it('answers external hosts and nothing else', () => {
    expect(lookup(table, 'api.example.test')).toEqual({ kind: 'a', ips: ['198.51.100.10'] });
    expect(lookup(table, 'example.com')).toEqual({ kind: 'nxdomain' });
    expect(lookup(table, 'nope.default.svc.cluster.local')).toEqual({ kind: 'nxdomain' });
  });
});
