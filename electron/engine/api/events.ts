/** Forwards engine events to a host's emitter under their contract channel names. */
import type { EventEmitterFn } from '../../../shared/contract.ts';
import type { Engine } from './engine.ts';

/** Subscribes `emit` to every engine event; returns a function that unsubscribes them all. */
export function bindEngineEvents(engine: Engine, emit: EventEmitterFn): () => void {
  const offs = [
    engine.onRulesChanged((rules) => emit('rules:changed', rules)),
    engine.onRuleStats((delta) => emit('rules:stats', delta)),
    engine.onConnectionsChanged((delta) => emit('connections:changed', delta)),
    engine.kube.onChanged((change) => emit('kube:changed', change)),
    engine.profiles.onChanged((profiles) => emit('profiles:changed', profiles)),
    engine.settings.onChanged((settings) => emit('settings:changed', settings)),
    engine.notices.onChanged((notices) => emit('app:notices-changed', notices)),
  ];
  return () => {
    for (const off of offs) off();
  };
}
