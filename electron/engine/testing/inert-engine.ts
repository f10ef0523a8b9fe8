/**
 * The parts of an Engine a hand-written test fake does not care about (pickers, profiles,
 * settings, notices, edit/undo): spread into the fake so it stays a complete Engine.
 */
import { PortsideError } from '../../../shared/errors.ts';
import { DEFAULT_SETTINGS } from '../../../shared/model.ts';
import type { Engine } from '../api/engine.ts';

type CoreKeys =
  | 'listRules'
  | 'addRule'
  | 'removeRule'
  | 'setEnabled'
  | 'listConnections'
  | 'onRulesChanged'
  | 'onConnectionsChanged'
  | 'dispose';

const unsupported = (): never => {
  throw new PortsideError('Internal', 'not part of this test engine');
};
const noListen = (): (() => void) => () => undefined;

export function inertEngineParts(): Omit<Engine, CoreKeys> {
  return {
    updateRule: async () => unsupported(),
    duplicateRule: async () => unsupported(),
    restoreRule: async () => unsupported(),
    setEnabledMany: async () => unsupported(),
    onRuleStats: noListen,
    kube: {
      contexts: async () => [],
      namespaces: async () => [],
      targets: async () => unsupported(),
      onChanged: noListen,
    },
    profiles: {
      list: () => [],
      save: unsupported,
      remove: unsupported,
      start: async () => unsupported(),
      stop: async () => unsupported(),
      onChanged: noListen,
    },
    settings: { get: () => ({ ...DEFAULT_SETTINGS }), set: unsupported, onChanged: noListen },
    notices: { list: () => [], add: unsupported, dismiss: () => undefined, onChanged: noListen },
    stateDir: undefined,
  };
}
