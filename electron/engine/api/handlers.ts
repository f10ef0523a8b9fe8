/** The contract's handler map over an engine: unpack, delegate, nothing else. */
import type { HandlerMap } from '../../../shared/contract.ts';
import type { Engine } from './engine.ts';
import { checkRuleCapacity, MAX_RULES } from './limits.ts';

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  /** Rules the engine may hold (limits.ts); tests lower it. */
  maxRules?: number;
}

/** Handlers for every invoke channel; `app:ready` is answered here, hosts may wrap it. */
export function createHandlers(engine: Engine, info: HostInfo): HandlerMap {
  return {
    'app:info': () => ({ version: info.version, host: info.host }),
    'app:ready': () => null,
    'rules:list': () => engine.listRules(),
    'rules:add': (input) => {
      checkRuleCapacity(engine, info.maxRules ?? MAX_RULES);
      return engine.addRule(input);
    },
    'rules:remove': async ({ id }) => {
      await engine.removeRule(id);
      return { id };
    },
    'rules:set-enabled': ({ id, enabled }) => engine.setEnabled(id, enabled),
    'connections:list': (req) => engine.listConnections(req?.ruleId),
  };
}
