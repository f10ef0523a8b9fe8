/** What every request handler may reach: the store, the runtime, fault switches, live streams. */
import type { PodRuntime } from '../runtime/types.ts';
import type { Store } from '../store/store.ts';

/** Switches that make upgrades fail, as the control API sets them. */
export interface UpgradeFaults {
  refuseWebSocket: boolean;
  refuseSpdy: boolean;
  refuseAll: boolean;
}

/** Live streams (port-forward, exec, log follow) that "close all streams" ends; also used for watches. */
export interface StreamRegistry {
  track(close: () => void): () => void;
  closeAll(): number;
  readonly size: number;
}

export interface ServerContext {
  store: Store;
  runtime: PodRuntime;
  token: string;
  now(): number;
  /** host:port clients use, for /api's serverAddressByClientCIDRs. */
  serverAddress(): string;
  bookmarkIntervalMs: number;
  faults: UpgradeFaults;
  latencyMs: number;
  streams: StreamRegistry;
  /** Open watches, which "close watches" ends cleanly (as the apiserver's watch timeout does). */
  watches: StreamRegistry;
  /** Sees every TLS connection of the API server (the freeze fault holds them); set by control. */
  onTlsSocket?: (socket: import('node:tls').TLSSocket) => void;
  /** RBAC deny switches (control/rbac-deny.ts): throws a 403 StatusError for a denied verb. */
  authorize?: (verb: string, resource: string, namespace?: string, name?: string) => void;
  /** While the API server is frozen: a promise requests and upgrades wait on before any answer. */
  hold?: () => Promise<void> | undefined;
  /** Serves /sim/v1/<action>; set by the control module. `after` runs once the answer is sent. */
  control?: (action: string, body: unknown) => { result: unknown; after?: () => void };
}

/** A registry of close callbacks; closeAll runs each once. */
export function createStreamRegistry(): StreamRegistry {
  const live = new Set<() => void>();
  return {
    track(close) {
      live.add(close);
      return () => {
        live.delete(close);
      };
    },
    closeAll() {
      const all = [...live];
      live.clear();
      for (const close of all) {
        try {
          close();
        } catch {
          // A stream that fails while closing is closed enough.
        }
      }
      return all.length;
    },
    get size() {
      return live.size;
    },
  };
}
