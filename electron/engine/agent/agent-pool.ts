/**
 * One agent per (context, namespace, target pod) — targetless: per (context, namespace) — shared by
 * every rule and connection there, plus the AgentDialer the forwarder's `agent` route calls.
 */
import { PortsideError, errorText } from '../../../shared/errors.ts';
import type { AgentView } from '../../../shared/model.ts';
import type { Target } from '../../../shared/mirrord-syntax/types.ts';
import type { AgentDialer, RemoteDialer } from '../forward/dialer.ts';
import type { KubeSession } from '../kube/kube-session.ts';
import { resolveTarget } from '../kube/resolve-target.ts';
import { loadAgentScript } from './agent-script.ts';
import { createAgentHandle, type AgentHandle, type AgentSettings } from './agent-handle.ts';
import { DEFAULT_IMAGE } from './inject.ts';
import { createKubeWriter, type KubeWriter } from './kube-write.ts';

export interface AgentPoolDeps {
  /** Opens port-forward streams to the agent port (the engine's pod dialer). */
  dialer: RemoteDialer;
  settings?: Partial<AgentSettings>;
  script?: () => Promise<string>;
  writer?: (session: KubeSession) => KubeWriter;
}

export interface AgentPool {
  handle(session: KubeSession, namespace: string, pod: string | undefined): AgentHandle;
  dial: AgentDialer;
  /** Agents used for a target in a namespace (what a rule shows). */
  views(namespace: string | undefined, target: Target): AgentView[];
  onChange(listener: () => void): () => void;
  dispose(): Promise<void>;
}

const targetKey = (t: Target): string =>
  t.kind === 'targetless' ? 'targetless' : `${t.kind}/${t.name}`;

function defaultWriter(session: KubeSession): KubeWriter {
  if (!session.kubeConfig)
    throw new PortsideError('Internal', 'this cluster session cannot create agents');
  return createKubeWriter(session.kubeConfig);
}

export function createAgentPool(deps: AgentPoolDeps): AgentPool {
  const settings: AgentSettings = {
    image: DEFAULT_IMAGE,
    startupTimeoutMs: 60_000,
    ...deps.settings,
  };
  const handles = new Map<string, AgentHandle>();
  const byTarget = new Map<string, Set<AgentHandle>>();
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const l of [...listeners]) l();
  };

  const handle = (
    session: KubeSession,
    namespace: string,
    pod: string | undefined,
  ): AgentHandle => {
    const key = `${session.context}\u0000${namespace}\u0000${pod ?? ''}`;
    let h = handles.get(key);
    if (!h) {
      h = createAgentHandle({
        session,
        writer: (deps.writer ?? defaultWriter)(session),
        script: deps.script ?? loadAgentScript,
        transport: (ns, p, port) =>
          deps.dialer(
            { route: 'pod-port', namespace: ns, pod: p, port, remote: `${p}:${port}` },
            session,
          ),
        settings,
        namespace,
        ...(pod ? { pod } : {}),
      });
      h.onChange(changed);
      handles.set(key, h);
    }
    return h;
  };

  const remember = (namespace: string, target: Target, h: AgentHandle): void => {
    const k = `${namespace}\u0000${targetKey(target)}`;
    const set = byTarget.get(k) ?? new Set();
    if (!set.has(h)) {
      set.add(h);
      byTarget.set(k, set);
      changed();
    }
  };

  return {
    handle,
    async dial(plan, session) {
      const pod =
        plan.target.kind === 'targetless'
          ? undefined
          : (await resolveTarget(session.api, plan.target, plan.namespace)).name;
      const h = handle(session, plan.namespace, pod);
      remember(plan.namespace, plan.target, h);
      try {
        return await h.connect(plan.host, plan.port);
      } catch (err) {
        throw err instanceof PortsideError ? err : new PortsideError('Network', errorText(err));
      }
    },
    views(namespace, target) {
      const out: AgentView[] = [];
      for (const [k, set] of byTarget) {
        const [ns, t] = k.split('\u0000');
        if (t === targetKey(target) && (namespace === undefined || ns === namespace))
          for (const h of set) out.push(h.view());
      }
      return out;
    },
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async dispose() {
      const all = [...handles.values()];
      handles.clear();
      byTarget.clear();
      await Promise.all(all.map((h) => h.stop()));
    },
  };
}
