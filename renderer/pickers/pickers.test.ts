import { describe, expect, it } from 'vitest';
import { demoTargets, ruleView } from '../testing/fake-api.ts';
import { chooseLocalPort, usedLocalPorts } from './local-port.ts';
import { searchTargets } from './target-search.ts';

describe('local port for "forward this port"', () => {
  it('keeps the number when free and unprivileged, says why when not', () => {
    expect(chooseLocalPort(5432, new Set())).toEqual({ port: 5432 });
    expect(chooseLocalPort(5432, new Set([5432, 5433]))).toEqual({
      port: 5434,
      note: 'Local port 5434: port 5432 is used by another rule.',
    });
    expect(chooseLocalPort(80, new Set([8080]))).toEqual({
      port: 8081,
      note: 'Local port 8081: port 80 needs admin rights on this machine.',
    });
  });
  it('counts the ports other -L rules use, by listen address and spec, not the edited one', () => {
    const rules = [
      ruleView({ id: 'a', spec: '9000:x:1', listenAddress: '127.0.0.1:9001' }),
      ruleView({ id: 'b', spec: 'x:7000', listenAddress: undefined }),
      ruleView({ id: 'c', direction: 'R', spec: '80:6000', listenAddress: undefined }),
      ruleView({ id: 'd', spec: '5000:x:1' }),
    ];
    expect([...usedLocalPorts(rules, 'd')].sort()).toEqual([7000, 9000, 9001]);
  });
});

describe('target search', () => {
  it('matches every word against kind/name, workloads first', () => {
    expect(searchTargets(demoTargets, 'py').map((o) => o.path)).toEqual([
      'deployment/py-serv',
      'service/py-serv',
    ]);
    expect(searchTargets(demoTargets, 'svc post').map((o) => o.path)).toEqual([]);
    expect(searchTargets(demoTargets, 'pod post').map((o) => o.path)).toEqual(['pod/postgres-0']);
    expect(searchTargets(demoTargets, '')).toHaveLength(3);
    expect(searchTargets(undefined, 'x')).toEqual([]);
  });
});
