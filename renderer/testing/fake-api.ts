/** An in-memory PortsideApi for renderer tests: records calls, lets a test emit host events. */
import { vi } from 'vitest';
import {
  eventChannels,
  eventMethodName,
  invokeChannels,
  invokeMethodName,
  type EventChannel,
  type PayloadOf,
  type PortsideApi,
} from '../../shared/contract.ts';
import { PortsideError } from '../../shared/errors.ts';
import {
  DEFAULT_SETTINGS,
  type ConnectionsDelta,
  type KubeTargets,
  type ProfileView,
  type RuleInput,
  type RuleView,
} from '../../shared/model.ts';

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

/** The demo cluster as the pickers see it. */
export const demoTargets: KubeTargets = {
  context: 'kube-sim',
  namespace: 'default',
  workloads: [
    {
      kind: 'deployment',
      name: 'py-serv',
      path: 'deployment/py-serv',
      ready: true,
      containers: [{ name: 'py-serv', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
    },
    {
      kind: 'pod',
      name: 'postgres-0',
      path: 'pod/postgres-0',
      ready: true,
      containers: [{ name: 'postgres', ports: [{ port: 5432, protocol: 'TCP' }] }],
    },
  ],
  services: [
    {
      name: 'py-serv',
      path: 'service/py-serv',
      ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  ],
  warnings: [],
};

export interface FakeApi {
  api: PortsideApi;
  rules: RuleView[];
  profiles: ProfileView[];
  emit<K extends EventChannel>(channel: K, payload: PayloadOf<K>): void;
  emitRules(rules: RuleView[]): void;
  emitConnections(delta: ConnectionsDelta): void;
  /** The order in which the renderer called the host (the ready handshake is checked on it). */
  calls: string[];
}

type Listener = (payload: unknown) => void;
/** Every invoke method of the API, so a new channel without a fake fails the typecheck. */
type InvokeNames = Exclude<keyof PortsideApi, `on${string}`>;

export function createFakeApi(initial: RuleView[] = []): FakeApi {
  const listeners = new Map<string, Set<Listener>>();
  const calls: string[] = [];
  const on = (name: string) => (l: Listener) => {
    calls.push(name);
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set.add(l));
    return () => void set.delete(l);
  };
  const fake: FakeApi = {
    rules: [...initial],
    profiles: [],
    calls,
    emit: (channel, payload) => listeners.get(eventMethodName(channel))?.forEach((l) => l(payload)),
    emitRules: (r) => fake.emit('rules:changed', r),
    emitConnections: (d) => fake.emit('connections:changed', d),
    api: undefined as unknown as PortsideApi,
  };
  const rule = (id: string): RuleView => {
    const r = fake.rules.find((x) => x.id === id);
    if (!r) throw new PortsideError('NotFound', `no rule ${id}`);
    return r;
  };
  const add = (input: RuleInput): RuleView => {
    if (input.spec === 'bad')
      throw new PortsideError('InvalidSpec', 'invalid port forward spec "bad"');
    const r = ruleView({
      ...input,
      id: `r${fake.rules.length + 1}`,
      name: input.name ?? `-${input.direction} ${input.spec}`,
      enabled: input.enabled ?? true,
      state: input.enabled === false ? 'stopped' : 'listening',
    });
    fake.rules.push(r);
    return r;
  };
  const setEnabled = (id: string, enabled: boolean): RuleView =>
    Object.assign(rule(id), { enabled, state: enabled ? 'listening' : 'stopped' });
  const rec =
    <A extends unknown[], R>(name: string, fn: (...a: A) => R) =>
    (...a: A) => {
      calls.push(name);
      return fn(...a);
    };
  const handlers = {
    appInfo: rec('appInfo', () => ({ version: '0.1.0', host: 'web' as const })),
    appReady: rec('appReady', () => null),
    appNotices: rec('appNotices', () => []),
    appDismissNotice: rec('appDismissNotice', ({ id }: { id: string }) => ({ id })),
    rulesList: rec('rulesList', () => [...fake.rules]),
    rulesAdd: rec('rulesAdd', add),
    rulesUpdate: rec('rulesUpdate', ({ id, input }: { id: string; input: RuleInput }) =>
      Object.assign(rule(id), input),
    ),
    rulesDuplicate: rec('rulesDuplicate', ({ id }: { id: string }) => {
      const r = rule(id);
      return add({ ...r, name: `${r.name} (copy)`, enabled: false });
    }),
    rulesRestore: rec('rulesRestore', ({ id }: { id: string }) => add({ ...ruleView({ id }) })),
    rulesRemove: rec('rulesRemove', ({ id }: { id: string }) => {
      rule(id);
      fake.rules = fake.rules.filter((r) => r.id !== id);
      return { id };
    }),
    rulesSetEnabled: rec(
      'rulesSetEnabled',
      ({ id, enabled }: { id: string; enabled: boolean }) => ({
        ...setEnabled(id, enabled),
      }),
    ),
    rulesSetEnabledMany: rec(
      'rulesSetEnabledMany',
      ({ ids, enabled }: { ids: string[]; enabled: boolean }) =>
        ids.map((id) => ({ ...setEnabled(id, enabled) })),
    ),
    connectionsList: rec('connectionsList', () => []),
    kubeContexts: rec('kubeContexts', () => [
      { name: 'kube-sim', cluster: 'kube-sim', namespace: 'default', current: true },
    ]),
    kubeNamespaces: rec('kubeNamespaces', () => ['default', 'kube-system']),
    kubeTargets: rec('kubeTargets', () => demoTargets),
    profilesList: rec('profilesList', () => [...fake.profiles]),
    profilesSave: rec('profilesSave', (p: { name: string; ruleIds: string[] }) => {
      const view = { name: p.name, ruleIds: p.ruleIds, running: false };
      fake.profiles = [...fake.profiles.filter((x) => x.name !== p.name), view];
      return view;
    }),
    profilesRemove: rec('profilesRemove', ({ name }: { name: string }) => ({ name })),
    profilesStart: rec('profilesStart', ({ name }: { name: string }) => ({
      name,
      ruleIds: [],
      running: true,
    })),
    profilesStop: rec('profilesStop', ({ name }: { name: string }) => ({
      name,
      ruleIds: [],
      running: false,
    })),
    settingsGet: rec('settingsGet', () => DEFAULT_SETTINGS),
    settingsSet: rec('settingsSet', (s: object) => ({ ...DEFAULT_SETTINGS, ...s })),
    importEnv: rec('importEnv', () => ({})),
  } satisfies Partial<Record<InvokeNames, unknown>>;
  const notFaked = (name: string) => async () => {
    throw new PortsideError('Internal', `${name} is not faked (set fake.api.${name} in the test)`);
  };
  // Channels without a fake above reject in words; a test that needs one assigns its own vi.fn.
  const invokes = Object.fromEntries(
    invokeChannels.map(invokeMethodName).map((name) => {
      const fn = (handlers as Record<string, (...a: unknown[]) => unknown>)[name];
      return [name, vi.fn(fn ? async (...a: unknown[]) => fn(...a) : notFaked(name))];
    }),
  );
  // Every event channel of the contract, so a new one is listenable here without a change.
  const events = Object.fromEntries(eventChannels.map(eventMethodName).map((n) => [n, on(n)]));
  fake.api = { ...invokes, ...events } as unknown as PortsideApi;
  return fake;
}
