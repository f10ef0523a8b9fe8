/** The engine as the Electron host runs it: the engine, its handler map and its event feed. */
import type { EventEmitterFn, HandlerMap } from '../../shared/contract.ts';
import { bindEngineEvents } from '../engine/api/events.ts';
import type { Engine } from '../engine/api/engine.ts';
import { createHandlers } from '../engine/api/handlers.ts';
import { createEngine } from '../engine/create-engine.ts';

export interface EngineHost {
  engine: Engine;
  handlers: HandlerMap;
  /** Feeds engine events to `emit`; returns the unsubscribe function. */
  bindEvents(emit: EventEmitterFn): () => void;
}

/** Creates the engine for this app version; `engine` may be injected by tests. */
export function setupEngine(version: string, engine: Engine = createEngine()): EngineHost {
  return {
    engine,
    handlers: createHandlers(engine, { host: 'electron', version }),
    bindEvents: (emit) => bindEngineEvents(engine, emit),
  };
}
