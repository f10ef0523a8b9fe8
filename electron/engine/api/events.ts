/** Forwards engine events to a host's emitter under their contract channel names. */
import type { EventEmitterFn } from '../../../shared/contract.ts';
import type { Engine } from './engine.ts';

/** Subscribes `emit` to the engine's events; returns a function that unsubscribes both. */
export function bindEngineEvents(engine: Engine, emit: EventEmitterFn): () => void {
  const offRules = engine.onRulesChanged((rules) => emit('rules:changed', rules));
  const offConns = engine.onConnectionsChanged((delta) => emit('connections:changed', delta));
  return () => {
    offRules();
    offConns();
  };
}
