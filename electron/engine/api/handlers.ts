/** The contract's handler map over an engine: unpack, delegate, nothing else. */
import type { HandlerMap } from '../../../shared/contract.ts';
import { pickEnv } from '../../../shared/mirrord-config/template-env.ts';
import type { Engine } from './engine.ts';

export interface HostInfo {
  host: 'electron' | 'web';
  version: string;
  /** The host's environment, for the templates of imported config files (`import:env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Handlers for every invoke channel; `app:ready` is answered here, hosts may wrap it. */
export function createHandlers(engine: Engine, info: HostInfo): HandlerMap {
  return {
    'app:info': () => ({
      version: info.version,
      host: info.host,
      ...(engine.stateDir ? { stateDir: engine.stateDir } : {}),
    }),
    'app:ready': () => null,
    'app:notices': () => engine.notices.list(),
    'app:dismiss-notice': ({ id }) => (engine.notices.dismiss(id), { id }),
    'rules:list': () => engine.listRules(),
    'rules:add': (input) => engine.addRule(input),
    'rules:update': ({ id, input }) => engine.updateRule(id, input),
    'rules:duplicate': ({ id }) => engine.duplicateRule(id),
    'rules:remove': async ({ id }) => {
      await engine.removeRule(id);
      return { id };
    },
    'rules:restore': ({ id }) => engine.restoreRule(id),
    'rules:set-enabled': ({ id, enabled }) => engine.setEnabled(id, enabled),
    'rules:set-enabled-many': ({ ids, enabled }) => engine.setEnabledMany(ids, enabled),
    'connections:list': (req) => engine.listConnections(req?.ruleId),
    'kube:contexts': () => engine.kube.contexts(),
    'kube:namespaces': ({ context }) => engine.kube.namespaces(context),
    'kube:targets': ({ context, namespace }) => engine.kube.targets(context, namespace),
    'profiles:list': () => engine.profiles.list(),
    'profiles:save': (req) => engine.profiles.save(req),
    'profiles:remove': ({ name }) => (engine.profiles.remove(name), { name }),
    'profiles:start': ({ name }) => engine.profiles.start(name),
    'profiles:stop': ({ name }) => engine.profiles.stop(name),
    'settings:get': () => engine.settings.get(),
    'settings:set': (patch) => engine.settings.set(patch),
    'import:env': ({ names }) => pickEnv(info.env ?? {}, names),
  };
}
