import { describe, expect, it } from 'vitest';
import { renderNatTable } from './kube-proxy.ts';
import type { NetService } from './network-state.ts';

const ep = (ip: string, port: number, ready = true, name = 'http') => ({
  ip,
  ready,
  ports: [{ name, port }],
});
const web = (endpoints: NetService['endpoints']): NetService => ({
  namespace: 'default',
  name: 'web',
  clusterIP: '198.19.0.5',
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints,
});

describe('kube-proxy rules', () => {
  it('hooks PREROUTING and OUTPUT and masquerades only marked (hairpin) traffic', () => {
    const t = renderNatTable([]);
    expect(t).toMatch(/^\*nat\n/);
    expect(t).toContain('-A PREROUTING -j PSS-SERVICES');
    expect(t).toContain('-A OUTPUT -j PSS-SERVICES');
    expect(t).toContain('-A PSS-POSTROUTING -m mark --mark 0x4000/0x4000 -j MASQUERADE');
    expect(t.trimEnd().endsWith('COMMIT')).toBe(true);
  });

  it('spreads over ready endpoints with probabilities 1/n, 1/(n-1), …, then a catch-all', () => {
    const t = renderNatTable([
      web([
        ep('198.18.1.1', 80),
        ep('198.18.1.2', 80),
        ep('198.18.1.3', 80),
        ep('198.18.1.9', 80, false),
      ]),
    ]);
    const picks = t.split('\n').filter((l) => l.startsWith('-A PSS-SVC-'));
    expect(picks).toHaveLength(3);
    expect(picks[0]).toContain('--probability 0.3333333333');
    expect(picks[1]).toContain('--probability 0.5000000000');
    expect(picks[2]).not.toContain('statistic');
    expect(t).toContain('-j DNAT --to-destination 198.18.1.1:80');
    expect(t).not.toContain('198.18.1.9');
    expect(t).toContain('-A PSS-SERVICES -d 198.19.0.5/32 -p tcp -m tcp --dport 8080');
  });

  it('maps the service port to the endpoint port of the same name, and marks hairpin sources', () => {
    const svc = web([
      {
        ip: '198.18.1.1',
        ready: true,
        ports: [
          { name: 'metrics', port: 9090 },
          { name: 'http', port: 80 },
        ],
      },
    ]);
    const t = renderNatTable([svc]);
    expect(t).toContain('--to-destination 198.18.1.1:80');
    expect(t).not.toContain(':9090');
    expect(t).toMatch(/-A PSS-SEP-\w+ -s 198\.18\.1\.1\/32 -j MARK --set-xmark 0x4000\/0x4000/);
  });

  it('writes nothing for headless Services or Services without ready endpoints', () => {
    const headless: NetService = { ...web([ep('198.18.1.1', 80)]), clusterIP: null };
    const t = renderNatTable([headless, web([ep('198.18.1.2', 80, false)])]);
    expect(t).not.toContain('PSS-SVC-');
  });

  it('handles UDP ports and is stable for the same input', () => {
    const dns: NetService = {
      namespace: 'kube-system',
      name: 'dns',
      clusterIP: '198.19.0.10',
      ports: [{ port: 53, protocol: 'UDP' }],
      endpoints: [{ ip: '198.18.1.4', ready: true, ports: [{ port: 53, protocol: 'UDP' }] }],
    };
    const a = renderNatTable([dns, web([ep('198.18.1.1', 80)])]);
    expect(a).toContain('-p udp -m udp --dport 53');
    expect(renderNatTable([web([ep('198.18.1.1', 80)]), dns])).toBe(a);
  });
});
