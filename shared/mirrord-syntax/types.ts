/** Parsed forms of mirrord's `-L`, `-R` and target syntax (see docs/mirrord-compat.md). */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** `-L [local_port:]remote_host:remote_port`; host may be an IPv4/IPv6 literal or a name. */
export interface LocalMapping {
  localPort: number;
  remoteHost: string;
  remotePort: number;
}

/** `-R [remote_port:]local_port` */
export interface ReverseMapping {
  remotePort: number;
  localPort: number;
}

export type TargetKind =
  'pod' | 'deployment' | 'rollout' | 'job' | 'cronjob' | 'statefulset' | 'service' | 'replicaset';

/** `targetless`, or `kind/name[/container/c]` (also the object forms of mirrord's config). */
export type Target =
  { kind: 'targetless' } | { kind: TargetKind; name: string; container?: string };

/** A validated rule spec, tagged by direction. */
export type ParsedSpec =
  { direction: 'L'; mapping: LocalMapping } | { direction: 'R'; mapping: ReverseMapping };

/** A validated spec plus its target (targetless when the rule names none). */
export type ParsedRule = ParsedSpec & { target: Target };
