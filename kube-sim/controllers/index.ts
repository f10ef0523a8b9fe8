/** Wires every controller to one store and one work queue. */
import type { PodRuntime, RuntimeHooks } from '../runtime/types.ts';
import type { Store } from '../store/store.ts';
import { cronJobController } from './cronjob.ts';
import { DEPLOYMENT, deploymentController, ROLLOUT } from './deployment.ts';
import { endpointsController } from './endpoints.ts';
import { gcController } from './gc.ts';
import { jobController } from './job.ts';
import { podLifecycleController } from './pod-lifecycle.ts';
import { startControllers, type ControllerManager } from './queue.ts';
import { createReplaceDelay } from './replace-delay.ts';
import { replicaSetController } from './replicaset.ts';
import { statefulSetController } from './statefulset.ts';

export interface ControllerOptions {
  store: Store;
  /** Read lazily: the runtime is built after the hooks it needs. */
  runtime: () => PodRuntime;
  replaceDelayMs: number;
  node: { name: string; ip: string };
  onError(err: unknown, where: string): void;
}

export interface SimControllers {
  /** Give these to the runtime: container state changes flow back into pod status. */
  hooks: RuntimeHooks;
  /** Pod uids the control API forced not-ready. */
  notReady: Set<string>;
  /** Starts reconciling (call once the runtime exists). */
  start(): void;
  /** Re-checks one pod now (after a readiness override). */
  touchPod(namespace: string, name: string): void;
  /** Resolves when no reconcile is queued or running. */
  idle(): Promise<void>;
  /** Stops reconciling and waits for pods being stopped in the runtime. */
  stop(): Promise<void>;
}

/** Builds the controllers; nothing runs until `start()`. */
export function createControllers(opts: ControllerOptions): SimControllers {
  const { store } = opts;
  const notReady = new Set<string>();
  let manager: ControllerManager | undefined;
  const enqueue = (controller: string) => (key: string, delayMs?: number) =>
    manager?.enqueue(controller, key, delayMs);
  const lifecycle = podLifecycleController({
    store,
    runtime: opts.runtime,
    node: opts.node,
    notReady,
    enqueue: enqueue('pod-lifecycle'),
    onError: opts.onError,
  });
  let delay: ReturnType<typeof createReplaceDelay> | undefined;
  return {
    hooks: lifecycle.hooks,
    notReady,
    start() {
      delay = createReplaceDelay(store, opts.replaceDelayMs);
      const workload = (name: string) => ({ store, delay: delay!, enqueue: enqueue(name) });
      manager = startControllers(
        store,
        [
          lifecycle,
          replicaSetController(workload('replicaset')),
          deploymentController(DEPLOYMENT, store),
          deploymentController(ROLLOUT, store),
          statefulSetController(workload('statefulset')),
          jobController(store),
          cronJobController(store, opts.onError),
          endpointsController(store),
          gcController(store),
        ],
        opts.onError,
      );
    },
    touchPod: (namespace, name) => manager?.enqueue('pod-lifecycle', `${namespace}/${name}`),
    idle: () => manager?.idle() ?? Promise.resolve(),
    async stop() {
      manager?.stop();
      delay?.stop();
      await lifecycle.drain();
    },
  };
}
