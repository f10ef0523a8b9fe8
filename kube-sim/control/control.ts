/** Fault injection and cluster operations for tests and benchmarks (TypeScript side of /sim/v1). */
import { PortsideError } from '../../shared/errors.ts';
import type { SimControllers } from '../controllers/index.ts';
import type { ServerContext } from '../server/context.ts';
import type { ApiServer } from '../server/http-server.ts';
import { deleteObject } from '../store/delete.ts';
import { resourceByKey } from '../store/resources.ts';
import { createFreezer } from './freeze.ts';
import { createDenyList, VERBS, type Verb } from './rbac-deny.ts';

export type WorkloadKind = 'deployment' | 'statefulset' | 'replicaset' | 'rollout';
export type RefuseMode = 'none' | 'websocket' | 'spdy' | 'all';

export interface SimControl {
  /** Deletes a pod gracefully, as `kubectl delete pod` does (its controller replaces it after the delay). */
  deletePod(namespace: string, name: string, opts?: { gracePeriodSeconds?: number }): void;
  /** Sets `spec.replicas` of a workload. */
  scale(kind: WorkloadKind, namespace: string, name: string, replicas: number): void;
  /** `kubectl rollout restart`: a template annotation change, so new pods replace the old ones. */
  rolloutRestart(kind: Exclude<WorkloadKind, 'replicaset'>, namespace: string, name: string): void;
  /** Forces a running pod not-ready (false) or lets it be ready again (true). */
  setPodReady(namespace: string, name: string, ready: boolean): void;
  /** Refuses pod upgrades (port-forward/exec): none, WebSocket only, raw SPDY only, or all. */
  refuseUpgrades(mode: RefuseMode): void;
  /** Ends every live port-forward/exec/log stream; returns how many. */
  closeStreams(): number;
  /** Delays every API response by `ms`. */
  setLatency(ms: number): void;
  /** Restarts the API server on the same port, keeping all state; open connections drop. */
  restartApiServer(opts?: { downMs?: number }): Promise<void>;
  /** Forgets watch history: any watch resuming from an older resourceVersion gets 410 Expired. */
  compactWatchHistory(): void;
  /** Ends every open watch cleanly (like the apiserver's watch timeout); clients re-watch. Returns how many. */
  closeWatches(): number;
  /** Freezes the API server for `ms` without closing sockets (freeze.ts); resolves when it thaws. */
  freezeApiServer(ms: number): Promise<void>;
  /** Ends a freeze early. */
  thawApiServer(): void;
  /** Answers 403 for `verb` on `resource` (`services`, `pods/portforward`) until allowAll. */
  denyVerb(verb: Verb, resource: string): void;
  /** Lifts every deny switch. */
  allowAll(): void;
  /** Accepts only `token` from now on (credentials rotated); the old one gets 401. */
  rotateToken(token: string): void;
}

const KEYS: Record<WorkloadKind, string> = {
  deployment: 'deployments.apps',
  statefulset: 'statefulsets.apps',
  replicaset: 'replicasets.apps',
  rollout: 'rollouts.argoproj.io',
};

function notFound(what: string, namespace: string, name: string): PortsideError {
  return new PortsideError(
    'NotFound',
    `${what} ${namespace}/${name} not found in the simulated cluster`,
  );
}

/** Builds the control API over the running pieces. */
export function createControl(
  ctx: ServerContext,
  controllers: SimControllers,
  server: () => ApiServer,
): SimControl {
  const { store } = ctx;
  const freezer = createFreezer();
  ctx.onTlsSocket = (s) => freezer.adopt(s);
  ctx.hold = () => freezer.hold();
  const denies = createDenyList();
  ctx.authorize = (verb, resource, namespace, name) =>
    denies.check(verb as Verb, resource, namespace, name);
  const workload = (kind: WorkloadKind, namespace: string, name: string) => {
    const key = KEYS[kind];
    if (!key) throw new PortsideError('Validation', `unknown workload kind "${kind}"`);
    if (!store.get(key, namespace, name)) throw notFound(kind, namespace, name);
    return key;
  };
  return {
    deletePod(namespace, name, opts = {}) {
      if (!store.get('pods', namespace, name)) throw notFound('pod', namespace, name);
      deleteObject(store, resourceByKey('pods')!, namespace, name, opts);
    },
    scale(kind, namespace, name, replicas) {
      if (!Number.isInteger(replicas) || replicas < 0)
        throw new PortsideError('Validation', 'replicas must be a whole number ≥ 0');
      store.mutate(
        workload(kind, namespace, name),
        namespace,
        name,
        (o) => void (o.spec.replicas = replicas),
      );
    },
    rolloutRestart(kind, namespace, name) {
      store.mutate(workload(kind, namespace, name), namespace, name, (o) => {
        const meta = (o.spec.template.metadata ??= {});
        // Millisecond precision so two restarts within a second still change the template.
        meta.annotations = {
          ...(meta.annotations ?? {}),
          'kubectl.kubernetes.io/restartedAt': new Date(store.now()).toISOString(),
        };
      });
    },
    setPodReady(namespace, name, ready) {
      const pod = store.get('pods', namespace, name);
      if (!pod) throw notFound('pod', namespace, name);
      if (ready) controllers.notReady.delete(pod.metadata.uid);
      else controllers.notReady.add(pod.metadata.uid);
      controllers.touchPod(namespace, name);
    },
    refuseUpgrades(mode) {
      if (!['none', 'websocket', 'spdy', 'all'].includes(mode))
        throw new PortsideError(
          'Validation',
          `refuse mode must be none, websocket, spdy or all (got ${mode})`,
        );
      ctx.faults.refuseWebSocket = mode === 'websocket';
      ctx.faults.refuseSpdy = mode === 'spdy';
      ctx.faults.refuseAll = mode === 'all';
    },
    closeStreams: () => ctx.streams.closeAll(),
    setLatency(ms) {
      if (!(ms >= 0)) throw new PortsideError('Validation', 'latency must be ≥ 0 ms');
      ctx.latencyMs = ms;
    },
    restartApiServer: (opts) => server().restart(opts),
    compactWatchHistory: () => store.compact(),
    closeWatches: () => ctx.watches.closeAll(),
    freezeApiServer(ms) {
      if (!(ms >= 0 && ms <= 600_000))
        throw new PortsideError('Validation', 'a freeze lasts 0 to 600 seconds');
      return freezer.freeze(ms);
    },
    thawApiServer: () => freezer.thaw(),
    denyVerb(verb, resource) {
      if (!VERBS.includes(verb)) throw new PortsideError('Validation', `unknown verb "${verb}"`);
      denies.deny(verb, resource);
    },
    allowAll: () => denies.allowAll(),
    rotateToken(token) {
      if (!/^[\x21-\x7e]{8,200}$/.test(token))
        throw new PortsideError('Validation', 'a token is 8 to 200 printable characters');
      ctx.token = token;
    },
  };
}
