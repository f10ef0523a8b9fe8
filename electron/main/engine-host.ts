/** The engine as the Electron host runs it: the engine, its handler map and its event feed. */
import type { EventEmitterFn, HandlerMap } from '../../shared/contract.ts';
import { bindEngineEvents } from '../engine/api/events.ts';
import type { Engine } from '../engine/api/engine.ts';
import { createHandlers } from '../engine/api/handlers.ts';
import { createEngine } from '../engine/create-engine.ts';
import { onceLoginShellPath } from '../engine/kube/login-shell-path.ts';

export interface EngineHost {
  engine: Engine;
  handlers: HandlerMap;
  /** Feeds engine events to `emit`; returns the unsubscribe function. */
  bindEvents(emit: EventEmitterFn): () => void;
}

/**
 * Creates the engine for this app version, keeping rules, profiles and settings in `stateDir`
 * (the app's userData folder); `engine` may be injected by tests. An app started from the desktop
 * has a minimal PATH, so exec credential plugins (aws, gke-gcloud-auth-plugin, kubelogin) are
 * looked up on the PATH of the user's login shell. The kubeconfig is watched: an edited or newly
 * merged one reaches the pickers without a restart.
 */
export function setupEngine(
  version: string,
  stateDir?: string,
  engine: Engine = createEngine({
    execPath: onceLoginShellPath(),
    watchKubeconfig: true,
    ...(stateDir ? { stateDir } : {}),
  }),
): EngineHost {
  return {
    engine,
    handlers: createHandlers(engine, { host: 'electron', version, env: process.env }),
    bindEvents: (emit) => bindEngineEvents(engine, emit),
  };
}
