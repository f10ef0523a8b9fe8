/**
 * A container's effective capabilities from its securityContext, as containerd computes them:
 * the default set, minus `drop`, plus `add` ("ALL" allowed in both); privileged means everything.
 */
import type { ContainerSpec } from '../types.ts';
import type { CapSet } from '../../sandbox/protocol.ts';

/** containerd's default capability set (oci/spec_opts.go defaultUnixCaps). */
export const DEFAULT_CAPS = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

/** Every capability name util-linux setpriv (2.38) knows, so unknown names never break a start. */
const KNOWN_CAPS = new Set([
  ...DEFAULT_CAPS,
  'DAC_READ_SEARCH',
  'LINUX_IMMUTABLE',
  'NET_BROADCAST',
  'NET_ADMIN',
  'IPC_LOCK',
  'IPC_OWNER',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_PTRACE',
  'SYS_PACCT',
  'SYS_ADMIN',
  'SYS_BOOT',
  'SYS_NICE',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYS_TTY_CONFIG',
  'LEASE',
  'AUDIT_CONTROL',
  'MAC_OVERRIDE',
  'MAC_ADMIN',
  'SYSLOG',
  'WAKE_ALARM',
  'BLOCK_SUSPEND',
  'AUDIT_READ',
  'PERFMON',
  'BPF',
  'CHECKPOINT_RESTORE',
]);

const norm = (c: string): string => c.toUpperCase().replace(/^CAP_/, '');

/** The capability set a container's processes get. */
export function effectiveCaps(sc: ContainerSpec['securityContext']): CapSet {
  if (sc?.privileged) return 'all';
  const add = (sc?.capabilities?.add ?? []).map(norm);
  const drop = (sc?.capabilities?.drop ?? []).map(norm);
  if (add.includes('ALL')) return 'all';
  const base = drop.includes('ALL') ? [] : DEFAULT_CAPS.filter((c) => !drop.includes(c));
  const caps = new Set([...base, ...add.filter((c) => KNOWN_CAPS.has(c))]);
  return [...caps];
}
