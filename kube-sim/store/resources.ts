/** The resource types kube-sim serves: names, kinds, scope and verbs, as discovery reports them. */

export interface SubresourceType {
  name: string;
  kind: string;
  verbs: string[];
  /** Set when the subresource object lives in another group (Scale is autoscaling/v1). */
  group?: string;
  version?: string;
}

export interface ResourceType {
  /** Store key: `pods`, `deployments.apps`, `rollouts.argoproj.io` (kubectl's fully qualified form). */
  key: string;
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceType[];
}

const crud = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const statusSub: SubresourceType = { name: 'status', kind: '', verbs: ['get', 'patch', 'update'] };
const scaleSub: SubresourceType = {
  name: 'scale',
  kind: 'Scale',
  verbs: ['get', 'patch', 'update'],
  group: 'autoscaling',
  version: 'v1',
};

function def(
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  const singular = kind.toLowerCase();
  const key = group ? `${resource}.${group}` : resource;
  return { key, group, version, resource, singular, kind, namespaced, ...extra };
}

const all = ['all'];

/** Every served resource type. Order is discovery order. */
export const RESOURCES: readonly ResourceType[] = [
  def('', 'v1', 'namespaces', 'Namespace', false, {
    shortNames: ['ns'],
    subresources: [statusSub],
  }),
  def('', 'v1', 'nodes', 'Node', false, { shortNames: ['no'], subresources: [statusSub] }),
  def('', 'v1', 'pods', 'Pod', true, {
    shortNames: ['po'],
    categories: all,
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      statusSub,
    ],
  }),
  def('', 'v1', 'services', 'Service', true, {
    shortNames: ['svc'],
    categories: all,
    subresources: [statusSub],
  }),
  def('', 'v1', 'endpoints', 'Endpoints', true, { shortNames: ['ep'] }),
  def('', 'v1', 'configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  def('', 'v1', 'secrets', 'Secret', true),
  def('', 'v1', 'serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
  def('', 'v1', 'events', 'Event', true, { shortNames: ['ev'] }),
  def('apps', 'v1', 'deployments', 'Deployment', true, {
    shortNames: ['deploy'],
    categories: all,
    subresources: [scaleSub, statusSub],
  }),
  def('apps', 'v1', 'replicasets', 'ReplicaSet', true, {
    shortNames: ['rs'],
    categories: all,
    subresources: [scaleSub, statusSub],
  }),
  def('apps', 'v1', 'statefulsets', 'StatefulSet', true, {
    shortNames: ['sts'],
    categories: all,
    subresources: [scaleSub, statusSub],
  }),
  def('batch', 'v1', 'jobs', 'Job', true, { categories: all, subresources: [statusSub] }),
  def('batch', 'v1', 'cronjobs', 'CronJob', true, {
    shortNames: ['cj'],
    categories: all,
    subresources: [statusSub],
  }),
  def('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  def('argoproj.io', 'v1alpha1', 'rollouts', 'Rollout', true, {
    shortNames: ['ro'],
    categories: all,
    subresources: [scaleSub, statusSub],
  }),
];

/** Verbs of a top-level resource (all types support full CRUD + watch). */
export const RESOURCE_VERBS = crud;

const byKey = new Map(RESOURCES.map((r) => [r.key, r]));
const byPath = new Map(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.resource}`, r]));
const byKind = new Map(RESOURCES.map((r) => [r.kind, r]));

/** Finds a type by store key (`pods`, `deployments.apps`). */
export function resourceByKey(key: string): ResourceType | undefined {
  return byKey.get(key);
}

/** Finds a type by URL parts (`''`, `v1`, `pods`). */
export function resourceByPath(
  group: string,
  version: string,
  resource: string,
): ResourceType | undefined {
  return byPath.get(`${group}/${version}/${resource}`);
}

/** Finds a type by kind (kinds are unique among served types). */
export function resourceByKind(kind: string): ResourceType | undefined {
  return byKind.get(kind);
}

/** `apiVersion` string of a type: `v1` or `apps/v1`. */
export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** The group versions served, in discovery order. */
export function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES)
    seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}
