/** The store's admission step: defaulting per kind, then validation. */
import { defaultPod } from './pod-defaults.ts';
import type { AdmitHook, Store } from './store.ts';
import { validate } from './validate.ts';
import {
  defaultCronJob,
  defaultDeployment,
  defaultJob,
  defaultNamespace,
  defaultReplicaSet,
  defaultService,
  defaultStatefulSet,
} from './workload-defaults.ts';

/** Service ClusterIP range unless the runtime asks for another (netns does). */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/16';

/** The first two octets of a /16 such as `10.96.0.0/16`. */
export function cidrPrefix(cidr: string): string {
  const m = /^(\d+)\.(\d+)\.0\.0\/16$/.exec(cidr);
  if (!m) throw new Error(`kube-sim: service CIDR must be a /16 like 10.96.0.0/16 (got ${cidr})`);
  return `${m[1]}.${m[2]}`;
}

/** Hands out free Service cluster IPs (from `serviceCIDR`, a /16) and node ports (30000–32767). */
function serviceAllocator(
  store: Store,
  serviceCIDR: string,
): { clusterIP(): string; nodePort(): number } {
  const services = () => store.list('services');
  const prefix = cidrPrefix(serviceCIDR);
  return {
    clusterIP() {
      const used = new Set(services().map((s) => s.spec?.clusterIP as string));
      for (let i = 100; i < 65_000; i++) {
        const ip = `${prefix}.${i >> 8}.${i & 255}`;
        if (!used.has(ip)) return ip;
      }
      throw new Error('kube-sim: service IP range exhausted');
    },
    nodePort() {
      const used = new Set(
        services().flatMap((s) =>
          (s.spec?.ports ?? []).map((p: { nodePort?: number }) => p.nodePort),
        ),
      );
      for (let p = 30000; p <= 32767; p++) if (!used.has(p)) return p;
      throw new Error('kube-sim: node port range exhausted');
    },
  };
}

/** Builds the admit hook for `store`: defaults every kind the apiserver defaults, then validates. */
export function createAdmit(store: Store, opts: { serviceCIDR?: string } = {}): AdmitHook {
  const alloc = serviceAllocator(store, opts.serviceCIDR ?? DEFAULT_SERVICE_CIDR);
  return (rt, obj, old) => {
    obj.apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
    obj.kind = rt.kind;
    switch (rt.key) {
      case 'pods':
        defaultPod(obj, old);
        break;
      case 'services':
        defaultService(obj, old, alloc);
        break;
      case 'namespaces':
        defaultNamespace(obj, old);
        break;
      case 'deployments.apps':
      case 'rollouts.argoproj.io':
        defaultDeployment(obj);
        break;
      case 'replicasets.apps':
        defaultReplicaSet(obj);
        break;
      case 'statefulsets.apps':
        defaultStatefulSet(obj);
        break;
      case 'jobs.batch':
        defaultJob(obj);
        break;
      case 'cronjobs.batch':
        defaultCronJob(obj);
        break;
    }
    validate(rt, obj);
  };
}
