/**
 * The image catalog shared by the loopback and netns runtimes: which images kube-sim can "pull"
 * and what a container of each runs. Registry host, `library/`, tag and digest are ignored,
 * so `docker.io/library/node:20-alpine` is `node`.
 */
import { APP_KINDS, type AppKind } from '../apps/index.ts';
import type { ContainerSpec } from './types.ts';

export type ImageKind =
  /** A kube-sim test app serving every containerPort of the container. */
  | { kind: 'app'; app: AppKind }
  /** `node:*`: runs the container's command/args as a real process (default `node`). */
  | { kind: 'node' }
  /** `portside/agent:*`: like node, plus the iptables tool (netns mode). */
  | { kind: 'agent' };

/** Repository path without registry host, `library/`, tag or digest, e.g. `portside/sim-http`. */
export function imageRepository(image: string): string {
  let ref = image.trim().split('@')[0]!;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  if (parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!)) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/').toLowerCase();
}

/** What `image` runs, or undefined when it is not in the catalog (→ ErrImagePull). */
export function resolveImage(image: string): ImageKind | undefined {
  const repo = imageRepository(image);
  if (repo === 'node') return { kind: 'node' };
  if (repo === 'portside/agent') return { kind: 'agent' };
  const app = /^portside\/sim-(.+)$/.exec(repo)?.[1];
  if (app && (APP_KINDS as readonly string[]).includes(app))
    return { kind: 'app', app: app as AppKind };
  return undefined;
}

/** The waiting state of a container whose image is not in the catalog. */
export function imagePullFailure(image: string): { waiting: { reason: string; message: string } } {
  return {
    waiting: {
      reason: 'ErrImagePull',
      message: `failed to pull image "${image}": image not in kube-sim's catalog`,
    },
  };
}

/**
 * The argv a process image runs: command + args like the container runtime; an empty list or one
 * starting with a flag goes to `node` (the node image's entrypoint behaviour).
 */
export function processArgv(container: Pick<ContainerSpec, 'command' | 'args'>): string[] {
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  if (argv.length === 0 || argv[0]!.startsWith('-')) argv.unshift('node');
  return argv;
}
