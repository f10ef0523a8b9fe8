/** Shapes shared by the kube-sim store, REST layer and controllers. */

/** Any JSON value; objects are handled loosely because Kubernetes kinds are open-ended. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

/** A stored object. `spec`/`status` are typed loosely on purpose; helpers narrow them. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  status?: any;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed change; `old` is the previous state for MODIFIED/DELETED. */
export interface StoreEvent {
  type: WatchEventType;
  resource: string;
  object: KubeObject;
  old?: KubeObject;
  rv: number;
}

/** Metadata of an object about to be created; the store fills uid, resourceVersion and timestamps. */
export function newMeta(m: Partial<ObjectMeta>): ObjectMeta {
  return m as ObjectMeta;
}
