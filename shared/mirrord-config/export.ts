/**
 * Rules → what reproduces them elsewhere: a mirrord config file and the equivalent
 * `mirrord port-forward …` and `bin/portside port-forward …` command lines. A mirrord config names
 * one target and one incoming mode, so rules are grouped by cluster, target and -R mode.
 */
import type { RuleInput } from '../model.ts';
import { parseReverseMapping } from '../mirrord-syntax/reverse-mapping.ts';
import { shellJoin, shellQuote } from './shell-quote.ts';

export interface ExportGroup {
  /** mirrord target path, `targetless` when the rules name none. */
  target: string;
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  rules: RuleInput[];
  /** `mirrord.json`: target, cluster settings and the -R ports with their mode. */
  configText: string;
  mirrordCommand: string;
  portsideCommand: string;
  /** What the export cannot carry, in words. */
  notes: string[];
}

type Cluster = Pick<ExportGroup, 'target' | 'namespace' | 'context' | 'kubeconfig'>;

const clusterOf = (r: RuleInput): Cluster => {
  const c: Cluster = { target: r.target?.trim() || 'targetless' };
  if (r.namespace) c.namespace = r.namespace;
  if (r.context) c.context = r.context;
  if (r.kubeconfig) c.kubeconfig = r.kubeconfig;
  return c;
};

/** mirrord has `steal` and `mirror`; Portside's `listen`/`auto` come back from `mirror` as `auto`. */
const modeOf = (r: RuleInput): 'steal' | 'mirror' =>
  r.incomingMode === 'steal' ? 'steal' : 'mirror';

const keyOf = (r: RuleInput): string =>
  JSON.stringify([clusterOf(r), r.direction === 'R' ? modeOf(r) : '']);

/** `port_mapping` is `[local, remote]`; `ports` lists every local port, mapped or not. */
function incomingOf(rules: RuleInput[]): Record<string, unknown> | undefined {
  const reverse = rules.filter((r) => r.direction === 'R');
  const first = reverse[0];
  if (!first) return undefined;
  const ports: number[] = [];
  const mapping: [number, number][] = [];
  for (const r of reverse) {
    const m = parseReverseMapping(r.spec);
    if (!m.ok) continue;
    ports.push(m.value.localPort);
    if (m.value.remotePort !== m.value.localPort)
      mapping.push([m.value.localPort, m.value.remotePort]);
  }
  const out: Record<string, unknown> = { mode: modeOf(first), ports };
  if (mapping.length > 0) out.port_mapping = mapping;
  return out;
}

/** The mirrord config file (JSON) for one group. */
export function configFileText(cluster: Cluster, rules: RuleInput[]): string {
  const config: Record<string, unknown> = {};
  const target: Record<string, string> = {};
  if (cluster.target !== 'targetless') target.path = cluster.target;
  if (cluster.namespace) target.namespace = cluster.namespace;
  if (Object.keys(target).length > 0) config.target = target;
  if (cluster.context) config.kube_context = cluster.context;
  if (cluster.kubeconfig) config.kubeconfig = cluster.kubeconfig;
  const incoming = incomingOf(rules);
  if (incoming) config.feature = { network: { incoming } };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function forwardArgs(cluster: Cluster, rules: RuleInput[]): string[] {
  const args: string[] = [];
  if (cluster.target !== 'targetless') args.push('-t', cluster.target);
  if (cluster.namespace) args.push('-n', cluster.namespace);
  if (cluster.context) args.push('--context', cluster.context);
  for (const r of rules) args.push(r.direction === 'L' ? '-L' : '-R', r.spec);
  return args;
}

/** mirrord reads the kubeconfig and the -R mode only from its environment and config file. */
function mirrordCommand(cluster: Cluster, rules: RuleInput[]): string {
  const env = cluster.kubeconfig ? `MIRRORD_KUBECONFIG=${shellQuote(cluster.kubeconfig)} ` : '';
  const steal = rules.some((r) => r.direction === 'R' && modeOf(r) === 'steal');
  const file = steal ? ['-f', 'mirrord.json'] : [];
  return env + shellJoin(['mirrord', 'port-forward', ...file, ...forwardArgs(cluster, rules)]);
}

function portsideCommand(cluster: Cluster, rules: RuleInput[]): string {
  const binds = new Set(
    rules.filter((r) => r.direction === 'L').map((r) => r.bindAddress ?? '127.0.0.1'),
  );
  const bind = binds.size === 1 && !binds.has('127.0.0.1') ? ['--bind', [...binds][0] ?? ''] : [];
  const kube = cluster.kubeconfig ? ['--kubeconfig', cluster.kubeconfig] : [];
  return shellJoin([
    'bin/portside',
    'port-forward',
    ...forwardArgs(cluster, rules),
    ...kube,
    ...bind,
  ]);
}

function notesFor(rules: RuleInput[]): string[] {
  const notes: string[] = [];
  if (rules.some((r) => r.direction === 'L'))
    notes.push(
      '-L rules have no place in a mirrord config file: they are in the command lines only',
    );
  if (rules.some((r) => r.direction === 'R' && r.incomingMode === 'listen'))
    notes.push(
      'mirrord has no `listen` mode: these -R rules are exported as `mirror` and import back as auto',
    );
  const binds = new Set(
    rules.filter((r) => r.direction === 'L').map((r) => r.bindAddress ?? '127.0.0.1'),
  );
  if (binds.size > 1)
    notes.push('the -L rules bind different addresses; the command line has one --bind for all');
  return notes;
}

/** One export per (cluster, target, -R mode); -L rules join the first group of their cluster. */
export function exportRules(rules: readonly RuleInput[]): ExportGroup[] {
  const groups = new Map<string, RuleInput[]>();
  const clusterKey = (r: RuleInput): string => JSON.stringify(clusterOf(r));
  for (const r of rules.filter((x) => x.direction === 'R'))
    groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  for (const r of rules.filter((x) => x.direction === 'L')) {
    const home = [...groups.keys()].find((k) => k.startsWith(`[${clusterKey(r)},`)) ?? keyOf(r);
    groups.set(home, [...(groups.get(home) ?? []), r]);
  }
  return [...groups.values()].map((list) => {
    const cluster = clusterOf(list[0] as RuleInput);
    return {
      ...cluster,
      rules: list,
      configText: configFileText(cluster, list),
      mirrordCommand: mirrordCommand(cluster, list),
      portsideCommand: portsideCommand(cluster, list),
      notes: notesFor(list),
    };
  });
}
