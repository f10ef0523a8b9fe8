/**
 * Whether netns mode can run on this machine: Linux, root, `ip netns` and iptables usable inside a
 * namespace, and util-linux setpriv. Cheap enough to decide a default (`--network`) at start.
 */
import { execFileSync } from 'node:child_process';

/** Why netns mode cannot run here, or undefined when it can. */
export function netnsUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'netns mode needs root';
  // Not the pss- prefix: a probe is never mistaken for a crashed run's leftovers.
  const probe = `psp-probe-${process.pid}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'exec', probe, 'iptables-save'], { stdio: 'ignore' });
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    return `ip netns / iptables / setpriv unusable here: ${(err as Error).message.split('\n')[0]}`;
  } finally {
    try {
      execFileSync('ip', ['netns', 'del', probe], { stdio: 'ignore' });
    } catch {
      // never created
    }
  }
  return undefined;
}
