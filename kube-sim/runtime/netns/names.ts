/**
 * Every name a netns runtime creates on the machine, derived from one short run id, so leftovers
 * of a crashed run can be recognised by prefix and matched to their owner's marker file.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** Namespaces, /etc/netns dirs and state dirs of every run start with this. */
export const NAME_PREFIX = 'pss-';
/** Where each run keeps its marker (`owner` = pid), sockets and image PATH dirs. */
export const STATE_ROOT = '/run/portside-sim';
/** `ip netns exec` bind-mounts the files of /etc/netns/<ns>/ over /etc/ (see ip-netns(8)). */
export const ETC_NETNS = '/etc/netns';

/** A fresh run id: 6 lowercase base-36 characters. */
export function newRunId(): string {
  return BigInt('0x' + randomBytes(5).toString('hex'))
    .toString(36)
    .padStart(6, '0')
    .slice(-6);
}

/** Names and paths owned by one run. */
export interface RunNames {
  runId: string;
  nodeNs: string;
  worldNs: string;
  stateDir: string;
  ownerFile: string;
  podNs(index: number): string;
  socketPath(label: string): string;
}

/** All names of run `runId`. */
export function runNames(runId: string): RunNames {
  const base = `${NAME_PREFIX}${runId}-`;
  const stateDir = join(STATE_ROOT, runId);
  return {
    runId,
    nodeNs: `${base}node`,
    worldNs: `${base}world`,
    stateDir,
    ownerFile: join(stateDir, 'owner'),
    podNs: (index) => `${base}p${index}`,
    socketPath: (label) => join(stateDir, `${label}.sock`),
  };
}

/** The run id encoded in a namespace or /etc/netns dir name, or undefined if it is not ours. */
export function runIdOf(name: string): string | undefined {
  const m = /^pss-([a-z0-9]{6})-/.exec(name);
  return m?.[1];
}
