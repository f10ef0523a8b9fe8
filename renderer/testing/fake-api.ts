/** An in-memory PortsideApi for renderer tests: records calls, lets a test emit host events. */
import { vi } from 'vitest';
import type { PortsideApi } from '../../shared/contract.ts';
import { PortsideError } from '../../shared/errors.ts';
import type { ConnectionsDelta, RuleInput, RuleView } from '../../shared/model.ts';

export function ruleView(over: Partial<RuleView> = {}): RuleView {
  return {
    id: 'r1',
    name: '-L 8080:api:80',
    direction: 'L',
    spec: '8080:api:80',
    enabled: true,
    state: 'listening',
    listenAddress: '127.0.0.1:8080',
    stats: { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 },
    ...over,
  };
}

export interface FakeApi {
  api: PortsideApi;
  rules: RuleView[];
  emitRules(rules: RuleView[]): void;
  emitConnections(delta: ConnectionsDelta): void;
  /** The order in which the renderer called the host (the ready handshake is checked on it). */
  calls: string[];
}

export function createFakeApi(initial: RuleView[] = []): FakeApi {
  const rulesL = new Set<(r: RuleView[]) => void>();
  const connsL = new Set<(d: ConnectionsDelta) => void>();
  const calls: string[] = [];
  const fake: FakeApi = {
    rules: [...initial],
    calls,
    emitRules: (r) => rulesL.forEach((l) => l(r)),
    emitConnections: (d) => connsL.forEach((l) => l(d)),
    api: {
      appInfo: vi.fn(
        async () => (calls.push('appInfo'), { version: '0.1.0', host: 'web' as const }),
      ),
      appReady: vi.fn(async () => (calls.push('appReady'), null)),
      rulesList: vi.fn(async () => (calls.push('rulesList'), [...fake.rules])),
      rulesAdd: vi.fn(async (input: RuleInput) => {
        calls.push('rulesAdd');
        if (input.spec === 'bad')
          throw new PortsideError('InvalidSpec', 'invalid port forward spec "bad"');
        const rule = ruleView({
          id: `r${fake.rules.length + 1}`,
          ...input,
          name: input.name ?? `-${input.direction} ${input.spec}`,
          enabled: true,
        });
        fake.rules.push(rule);
        return rule;
      }),
      rulesRemove: vi.fn(async ({ id }: { id: string }) => {
        calls.push('rulesRemove');
        fake.rules = fake.rules.filter((r) => r.id !== id);
        return { id };
      }),
      rulesSetEnabled: vi.fn(async ({ id, enabled }: { id: string; enabled: boolean }) => {
        calls.push('rulesSetEnabled');
        const r = fake.rules.find((x) => x.id === id);
        if (!r) throw new PortsideError('NotFound', `no rule ${id}`);
        Object.assign(r, { enabled, state: enabled ? 'listening' : 'stopped' });
        return { ...r };
      }),
      connectionsList: vi.fn(async () => (calls.push('connectionsList'), [])),
      onRulesChanged: (l) => (calls.push('onRulesChanged'), rulesL.add(l), () => rulesL.delete(l)),
      onConnectionsChanged: (l) => (
        calls.push('onConnectionsChanged'),
        connsL.add(l),
        () => connsL.delete(l)
      ),
    },
  };
  return fake;
}
