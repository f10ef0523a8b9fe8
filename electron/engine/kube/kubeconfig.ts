/**
 * Kubeconfig loading with kubectl's rules: an explicit path or the KUBECONFIG list (both may be
 * `path.delimiter`-separated), else ~/.kube/config. Lists merge like kubectl: for every name and
 * for current-context the first file wins; missing files in a list are skipped.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { PortsideError } from '../../../shared/errors.ts';
import { displayName } from '../../../shared/display-text.ts';
import { parseKubeconfig, readKubeconfigText, readKubeconfigTextSync } from './kubeconfig-read.ts';

export interface KubeConfigSource {
  /** Explicit kubeconfig path (or list); otherwise KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  /** Context to use; otherwise the file's current-context. */
  context?: string;
}

export interface KubeConfigEnv {
  env?: Record<string, string | undefined>;
  home?: string;
  /** PATH for exec credential plugins (the login shell's, when launched from a desktop). */
  execPath?: string;
}

/** The files a source refers to, in merge order. */
export function kubeconfigFiles(src: KubeConfigSource, envs: KubeConfigEnv = {}): string[] {
  const env = envs.env ?? process.env;
  const home = envs.home ?? homedir();
  const expand = (p: string): string =>
    p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p;
  const list = (s: string): string[] => s.split(path.delimiter).filter(Boolean).map(expand);
  if (src.kubeconfig) return list(src.kubeconfig);
  if (env.KUBECONFIG) return list(env.KUBECONFIG);
  return [path.join(home, '.kube', 'config')];
}

function firstWins<T extends { name: string }>(into: T[], from: T[] | undefined): void {
  for (const item of from ?? []) if (!into.some((x) => x.name === item.name)) into.push(item);
}

/** The files of the source that exist; none at all is an error naming where we looked. */
function presentFiles(src: KubeConfigSource, envs: KubeConfigEnv): string[] {
  const files = kubeconfigFiles(src, envs);
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) {
    throw new PortsideError(
      'KubeConfig',
      `no kubeconfig found (looked at ${files.join(', ')}); pass --kubeconfig or set KUBECONFIG`,
    );
  }
  return present;
}

/**
 * Loads and merges the kubeconfig, selects the context, wires the exec-plugin PATH. Reads
 * asynchronously: a slow or odd file never stalls the host's running forwards.
 */
export async function loadKubeConfigAsync(
  src: KubeConfigSource = {},
  envs: KubeConfigEnv = {},
  opts: LoadOptions = {},
): Promise<KubeConfig> {
  const loaded: KubeConfig[] = [];
  for (const file of presentFiles(src, envs))
    loaded.push(parseKubeconfig(file, await readKubeconfigText(file)));
  return mergeKubeConfigs(loaded, src, envs, opts);
}

/** The synchronous twin of loadKubeConfigAsync, for tests, tools and the context pickers. */
export function loadKubeConfig(
  src: KubeConfigSource = {},
  envs: KubeConfigEnv = {},
  opts: LoadOptions = {},
): KubeConfig {
  const loaded = presentFiles(src, envs).map((f) => parseKubeconfig(f, readKubeconfigTextSync(f)));
  return mergeKubeConfigs(loaded, src, envs, opts);
}

/** `checkContext: false` (context pickers) accepts a kubeconfig without a usable current context. */
export interface LoadOptions {
  checkContext?: boolean;
}

function mergeKubeConfigs(
  loaded: readonly KubeConfig[],
  src: KubeConfigSource,
  envs: KubeConfigEnv,
  opts: LoadOptions,
): KubeConfig {
  const clusters: Cluster[] = [];
  const users: User[] = [];
  const contexts: Context[] = [];
  let currentContext = '';
  for (const kc of loaded) {
    firstWins(clusters, kc.clusters);
    firstWins(users, kc.users);
    firstWins(contexts, kc.contexts);
    currentContext ||= kc.currentContext ?? '';
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters,
    users,
    contexts,
    currentContext: src.context || currentContext,
  });
  if (opts.checkContext !== false) checkContext(merged, src.context);
  if (envs.execPath) useExecPath(merged, envs.execPath);
  return merged;
}

/** Context names for a message: escaped, each short, at most 20 of them. */
function nameList(names: readonly string[]): string {
  const shown = names.slice(0, 20).map((n) => displayName(n));
  return names.length > 20 ? `${shown.join(', ')} and ${names.length - 20} more` : shown.join(', ');
}

function checkContext(kc: KubeConfig, wanted: string | undefined): void {
  const names = kc.contexts.map((c) => c.name);
  const current = kc.currentContext;
  const list = nameList(names);
  if (!current) {
    throw new PortsideError(
      'KubeConfig',
      `the kubeconfig sets no current context; choose one of: ${list || '(none)'}`,
    );
  }
  if (!names.includes(current)) {
    const what = wanted
      ? `context "${displayName(wanted)}"`
      : `current context "${displayName(current)}"`;
    throw new PortsideError(
      'KubeConfig',
      `${what} not found in the kubeconfig (available: ${list || 'none'})`,
    );
  }
  const ctx = kc.getContextObject(current);
  if (!ctx || !kc.getCluster(ctx.cluster)) {
    throw new PortsideError(
      'KubeConfig',
      `context "${displayName(current)}" names cluster "${displayName(String(ctx?.cluster))}", which the kubeconfig does not define`,
    );
  }
}

/**
 * client-node spawns exec plugins with process.env unless the user entry has `env`; adding PATH
 * there makes spawn look the command up in the login shell's PATH without touching process.env.
 */
function useExecPath(kc: KubeConfig, execPath: string): void {
  for (const user of kc.users) {
    const exec = (user as { exec?: { env?: Array<{ name: string; value: string }> | null } }).exec;
    if (!exec) continue;
    const env = exec.env ?? [];
    if (!env.some((e) => e.name === 'PATH')) exec.env = [...env, { name: 'PATH', value: execPath }];
  }
}

/** A context as the UI lists it. */
export interface ContextInfo {
  name: string;
  cluster: string;
  namespace: string;
  current: boolean;
}

/** Every context with its default namespace (`default` when the context names none). */
export function listContexts(kc: KubeConfig): ContextInfo[] {
  return kc.contexts.map((c) => ({
    name: c.name,
    cluster: c.cluster,
    namespace: c.namespace || 'default',
    current: c.name === kc.currentContext,
  }));
}

/** The namespace a rule uses when it names none: the context's, else `default`. */
export function contextNamespace(kc: KubeConfig): string {
  return kc.getContextObject(kc.currentContext)?.namespace || 'default';
}
