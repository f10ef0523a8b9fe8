/** A dropped config file → rules for the window (drag-and-drop import). */
import type { RuleInput } from '../model.ts';
import { formatTarget } from '../mirrord-syntax/target.ts';
import type { MirrordConfig } from './types.ts';

export interface ImportOptions {
  /** The kubeconfig as the host expanded it (`~`, `$VAR`); defaults to the file's as written. */
  kubeconfig?: string;
}

export interface ImportedRules {
  rules: RuleInput[];
  /** Import-specific notes; the config's own `warnings` are shown as well by the caller. */
  warnings: string[];
}

const INCOMING = 'feature.network.incoming';

/**
 * mirrord's semantics: `ports` are the local app's ports to take traffic for, `port_mapping`
 * `[local, remote]` says which remote port feeds a local one, `ignore_ports` excludes local ports.
 * Without `ports`, every `port_mapping` entry is a port. Returns `[remote, local]` pairs.
 */
function reversePairs(config: MirrordConfig): [number, number][] {
  const { ports, portMapping = [], ignorePorts = [] } = config.incoming;
  const remoteOf = new Map(portMapping.map(([local, remote]) => [local, remote]));
  const locals = ports ?? portMapping.map(([local]) => local);
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (const local of locals) {
    if (seen.has(local) || ignorePorts.includes(local) || local === 0) continue;
    seen.add(local);
    const remote = remoteOf.get(local) ?? local;
    if (remote !== 0) out.push([remote, local]);
  }
  return out;
}

function common(config: MirrordConfig, opts: ImportOptions): Partial<RuleInput> {
  const out: Partial<RuleInput> = {};
  if (config.target) out.target = formatTarget(config.target);
  if (config.namespace !== undefined) out.namespace = config.namespace;
  if (config.context !== undefined) out.context = config.context;
  const kubeconfig = opts.kubeconfig ?? config.kubeconfig;
  if (kubeconfig !== undefined) out.kubeconfig = kubeconfig;
  return out;
}

/** `-R` rules from `incoming.ports` / `port_mapping` (beyond mirrord, and said so), with the file's cluster settings. */
export function configToRuleInputs(config: MirrordConfig, opts: ImportOptions = {}): ImportedRules {
  const pairs = reversePairs(config);
  if (pairs.length === 0) {
    return {
      rules: [],
      warnings: [
        'this file names no ports (mirrord port-forward takes them from -L/-R); add -L or -R rules and they will use its target and cluster settings',
      ],
    };
  }
  const shared = common(config, opts);
  const rules = pairs.map(([remote, local]): RuleInput => ({
    ...shared,
    direction: 'R',
    spec: remote === local ? String(local) : `${remote}:${local}`,
  }));
  const warnings = [
    `-R rules were made from \`${INCOMING}.ports\`/\`port_mapping\`: \`mirrord port-forward\` ignores these keys, Portside imports them for convenience`,
  ];
  if (!config.target || config.target.kind === 'targetless') {
    warnings.push(
      '-R rules need a target, and this file names none: choose one before starting them',
    );
  }
  return { rules, warnings };
}
