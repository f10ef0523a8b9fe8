/** The keys of a config file that Portside reads but does not act on, each with the reason in words. */
import type { MirrordConfig } from './types.ts';

export interface IgnoredKey {
  key: string;
  why: string;
}

const INCOMING = 'feature.network.incoming';

/** Read by the import itself (it removes ports from the -R rules), so not ignored. */
const USED_BY_IMPORT = new Set([`${INCOMING}.ignore_ports`]);

function whyIgnored(key: string): string {
  if (key.startsWith('experimental.'))
    return 'an experimental mirrord setting that port forwarding does not use';
  if (key.startsWith('agent.'))
    return "a setting of mirrord's own agent; Portside runs its own agent";
  if (key.startsWith(`${INCOMING}.`))
    return "a mirrord incoming-traffic option that Portside's -R does not have (it forwards every connection on the port)";
  if (key === 'feature.network.outgoing' || key === 'feature.network.dns')
    return "changes your local process's outgoing traffic under `mirrord exec`; use -L rules instead";
  if (key.startsWith('feature.'))
    return 'changes how `mirrord exec` runs your local process; port forwarding runs no process';
  return 'used by `mirrord exec` or the mirrord operator, not by port forwarding';
}

/** Warnings that become ignored-key entries, so the preview does not say them twice. */
export const isIgnoredKeyWarning = (w: string): boolean =>
  w.startsWith('ignored by port-forward') ||
  w.startsWith(`\`${INCOMING}.http_filter\``) ||
  w.startsWith('`operator: true`') ||
  w.startsWith('`agent.image`');

/** Every known key the file sets that does nothing here, with why. */
export function ignoredKeysOf(config: MirrordConfig): IgnoredKey[] {
  const out: IgnoredKey[] = [];
  if (config.operator === true)
    out.push({
      key: 'operator',
      why: 'Portside works without the mirrord operator and never uses it',
    });
  if (config.incoming.httpFilter !== undefined) {
    out.push({
      key: `${INCOMING}.http_filter`,
      why: "Portside's -R forwards every connection on the port; it does not filter HTTP requests",
    });
  }
  const image = config.warnings.find((w) => w.startsWith('`agent.image`'));
  if (image)
    out.push({ key: 'agent.image', why: "mirrord's agent image cannot run Portside's agent" });
  for (const key of config.ignoredKeys ?? []) {
    if (!USED_BY_IMPORT.has(key) && key !== 'operator') out.push({ key, why: whyIgnored(key) });
  }
  return out;
}
