/**
 * Keeps one pod's port caught for one -R rule: asks the pod's agent to catch it, delivers its
 * connections, and catches again when the agent session ends (the agent re-injects if it died).
 * A failure before the first catch is final for the pod (the user must fix something); a loss
 * after it is retried with backoff.
 */
import { errorText } from '../../../shared/errors.ts';
import type { AgentView } from '../../../shared/model.ts';
import type { IncomingMode } from '../../../agent/src/protocol.ts';
import { isSilence, type AgentHandle } from '../agent/agent-handle.ts';
import { deliver, type Delivery } from './deliver.ts';

export interface PodCatch {
  readonly pod: string;
  view(): AgentView;
  /** Caught right now (the agent confirmed it). */
  readonly caught: boolean;
  readonly failed: boolean;
  stop(): void;
}

export interface PodCatchOptions {
  pod: string;
  namespace: string;
  handle: AgentHandle;
  remotePort: number;
  mode: IncomingMode;
  delivery: Omit<Delivery, 'pod'>;
  onChange(): void;
  retryMs?: number;
}

export function startPodCatch(o: PodCatchOptions): PodCatch {
  let caught = false;
  let everCaught = false;
  let failure: string | undefined;
  let mode: 'steal' | 'listen' | undefined;
  let stopped = false;
  let closeSession: (() => void) | undefined;
  const offHandle = o.handle.onChange(o.onChange);

  const loop = async (): Promise<void> => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const s = await o.handle.incoming(o.remotePort, o.mode, (stream, headers) =>
          deliver(stream, headers, { ...o.delivery, pod: o.pod }),
        );
        if (stopped) return void s.session.destroy();
        closeSession = () => s.session.destroy();
        ({ mode } = s);
        caught = everCaught = true;
        failure = undefined;
        attempt = 0;
        o.onChange();
        await new Promise((r) => s.session.once('close', r));
        caught = false;
        o.onChange();
      } catch (err) {
        failure = errorText(err);
        o.onChange();
        // Before the first catch a refusal is final (the user must fix something); an agent
        // that did not answer at all may be one being replaced, so it is tried a few times.
        if (!everCaught && (!isSilence(err) || attempt >= 5)) return;
      }
      await new Promise((r) => setTimeout(r, (o.retryMs ?? 500) * Math.min(attempt + 1, 10)));
    }
  };
  void loop();

  return {
    pod: o.pod,
    get caught() {
      return caught;
    },
    get failed() {
      return !caught && failure !== undefined && !everCaught;
    },
    view() {
      const agent = o.handle.view();
      const state: AgentView['state'] = caught
        ? 'ready'
        : failure && !everCaught
          ? 'failed'
          : everCaught
            ? 'reconnecting'
            : agent.state;
      const reason = caught ? undefined : (failure ?? agent.reason);
      return {
        pod: o.pod,
        namespace: o.namespace,
        state,
        ...(reason ? { reason } : {}),
        ...(mode ? { mode } : {}),
      };
    },
    stop() {
      stopped = true;
      offHandle();
      closeSession?.();
    },
  };
}
