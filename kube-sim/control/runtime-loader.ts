/** Picks the pod runtime: one the caller gives, else loopback (default) or netns, loaded on demand. */
import { existsSync } from 'node:fs';
import { PortsideError } from '../../shared/errors.ts';
import { resolveImage } from '../runtime/images.ts';
import { createLoopbackRuntime } from '../runtime/loopback.ts';
import type { PodRuntime, RuntimeHooks } from '../runtime/types.ts';
import type { SimExternalHost } from '../scenarios/load.ts';

/** What the sim offers a runtime besides the hooks. */
export interface RuntimeExtras {
  /** The scenario's `SimExternalHost` documents. */
  externalHosts: SimExternalHost[];
  /** Cluster DNS for in-pod tools: a Service name (`svc`, `svc.ns`, `svc.ns.svc.cluster.local`) → ready pod IPs. */
  resolveName(name: string, namespace: string): Promise<string[]>;
}

/** Builds a runtime around the hooks the sim gives it. */
export type RuntimeFactory = (
  hooks: RuntimeHooks,
  extras: RuntimeExtras,
) => PodRuntime | Promise<PodRuntime>;

export type NetworkMode = 'loopback' | 'netns';

// netns is imported on demand only: the loopback path must work without it (and without root).
const NETNS_URL = new URL('../runtime/netns/index.ts', import.meta.url);

/** Imports an optional module; a variable specifier keeps tsc and bundlers from requiring it. */
async function importOptional(url: URL, what: string): Promise<Record<string, unknown>> {
  if (!existsSync(url))
    throw new PortsideError('Internal', `kube-sim: the ${what} is not part of this build`);
  const spec: string = url.href;
  return (await import(spec)) as Record<string, unknown>;
}

function exported<T>(mod: Record<string, unknown>, name: string, url: URL): T {
  if (typeof mod[name] !== 'function')
    throw new PortsideError('Internal', `kube-sim: ${url.pathname} does not export ${name}`);
  return mod[name] as T;
}

async function netnsFactory(): Promise<RuntimeFactory> {
  const mod = await importOptional(NETNS_URL, 'netns pod runtime');
  const create = exported<(o: unknown) => Promise<PodRuntime>>(
    mod,
    'createNetnsRuntime',
    NETNS_URL,
  );
  return (hooks, extras) => {
    // netns takes one app and port per external host name.
    const externalHosts = extras.externalHosts.map((h) => {
      const image = resolveImage(h.image);
      const app = image?.kind === 'app' ? image.app : undefined;
      if (!app)
        throw new PortsideError(
          'InvalidSpec',
          `SimExternalHost ${h.name}: image ${h.image} is not a kube-sim test app`,
        );
      return { name: h.name, app, port: h.ports[0] };
    });
    return create({ hooks, externalHosts });
  };
}

/** The built-in runtime factory for a network mode; imported on demand so loopback works without netns. */
export async function builtinRuntime(mode: NetworkMode): Promise<RuntimeFactory> {
  if (mode === 'netns') return netnsFactory();
  return (hooks, extras) => createLoopbackRuntime(hooks, { resolve: extras.resolveName });
}

/** Normalises the `runtime` option: an instance is used as is, a factory gets the hooks. */
export async function resolveRuntime(
  option: PodRuntime | RuntimeFactory | undefined,
  network: NetworkMode,
  hooks: RuntimeHooks,
  extras: RuntimeExtras,
): Promise<PodRuntime> {
  if (option && typeof option === 'object') return option;
  const factory = option ?? (await builtinRuntime(network));
  return factory(hooks, extras);
}
