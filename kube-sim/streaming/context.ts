/** What the API server hands the streaming endpoints after auth and pod lookup. */
import type { PodRef, PodRuntime } from '../runtime/types.ts';
import { errorText } from '../../shared/errors.ts';

export interface StreamFaults {
  /** Refuse WebSocket upgrades only (kubectl ≥ 1.31 then falls back to SPDY). */
  refuseWebSocket: boolean;
  /** Refuse raw SPDY upgrades only, as a proxy that passes WebSockets alone would. */
  refuseSpdy: boolean;
  /** Refuse every upgrade (kubectl then fails with `error upgrading connection`). */
  refuseAll: boolean;
}

export interface StreamContext {
  pod: PodRef;
  runtime: PodRuntime;
  faults: StreamFaults;
  /** Registers a live stream so "close all streams" can end it; returns the unregister function. */
  track(close: () => void): () => void;
}

/** The kubelet's wording for a failed forward (pkg/kubelet/cri/streaming/portforward). */
export function forwardErrorText(port: number, pod: PodRef, err: unknown): string {
  const reason = errorText(err);
  return `error forwarding port ${port} to pod ${pod.name}, uid ${pod.uid}: ${reason}`;
}
