/**
 * `feature.network.incoming` in its shorthand and object forms, with the checks mirrord's
 * `LayerConfig::verify` and `IncomingConfig` make (mirrord/config/src/lib.rs, network/incoming.rs).
 */
import type { ParseResult } from '../mirrord-syntax/types.ts';
import type { HttpFilterRaw, RootRaw } from './schema.ts';
import { nearest } from './suggest.ts';
import type { IncomingConfig } from './types.ts';

const INCOMING = 'feature.network.incoming';
const INNER_KEYS = ['header', 'path', 'method', 'query'];

type Network = NonNullable<NonNullable<RootRaw['feature']>['network']>;
type IncomingObject = Extract<NonNullable<Exclude<Network, boolean>['incoming']>, object>;

const err = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** A duplicate on either side of a `[[a, b], …]` list (mirrord keeps them in a BiMap). */
function checkPairs(
  field: string,
  pairs: readonly [number, number][] | null | undefined,
): string | undefined {
  const left = new Set<number>();
  const right = new Set<number>();
  for (const [a, b] of pairs ?? []) {
    if (left.has(a)) return `\`${INCOMING}.${field}\` contains duplicate source port \`${a}\``;
    if (right.has(b)) return `\`${INCOMING}.${field}\` contains duplicate target port \`${b}\``;
    left.add(a);
    right.add(b);
  }
  return undefined;
}

/** `any_of`/`all_of` items: `{ header }`, `{ path }`, `{ method }`, `{ query }` or `{ body: "json", … }`. */
function checkInner(list: readonly Record<string, unknown>[], at: string): string | undefined {
  for (const [i, item] of list.entries()) {
    const keys = Object.keys(item);
    if ('body' in item && item.body === 'json') continue;
    const [key] = keys;
    if (
      keys.length === 1 &&
      key !== undefined &&
      INNER_KEYS.includes(key) &&
      typeof item[key] === 'string'
    )
      continue;
    const guess = key === undefined ? undefined : nearest(key.replace(/_filter$/, ''), INNER_KEYS);
    const hint = guess && keys.length === 1 ? `: did you mean \`${guess}\`?` : '';
    return `\`${at}[${i}]\` must be one filter: { "header": … }, { "path": … }, { "method": … }, { "query": … } or { "body": "json", … } (inside any_of/all_of the keys are not \`header_filter\`…)${hint}`;
  }
  return undefined;
}

function checkHttpFilter(f: HttpFilterRaw): string | undefined {
  const at = `${INCOMING}.http_filter`;
  const kinds = [f.path_filter, f.header_filter, f.all_of, f.any_of, f.body_filter].filter(
    (x) => x != null,
  );
  if (kinds.length > 1) {
    return "Cannot use multiple types of HTTP filter at the same time, use 'any_of' or 'all_of' to combine filters";
  }
  if (f.all_of?.length === 0 || f.any_of?.length === 0)
    return 'Composite HTTP filter cannot be empty';
  for (const k of ['header_filter', 'path_filter', 'method_filter', 'header_filter_jq'] as const) {
    if (f[k] === '') return `\`${at}.${k}\` cannot be empty`;
  }
  return checkInner(f.all_of ?? [], `${at}.all_of`) ?? checkInner(f.any_of ?? [], `${at}.any_of`);
}

function fromObject(o: IncomingObject, warnings: string[]): ParseResult<IncomingConfig> {
  const problem =
    checkPairs('port_mapping', o.port_mapping) ??
    checkPairs('listen_ports', o.listen_ports) ??
    (o.ports != null && (o.ignore_ports?.length ?? 0) > 0
      ? 'Cannot use both `incoming.ignore_ports` and `incoming.ports` at the same time'
      : undefined) ??
    (o.https_delivery != null && o.tls_delivery != null
      ? `Cannot use both \`${INCOMING}.https_delivery\` and \`${INCOMING}.tls_delivery\` at the same time`
      : undefined) ??
    (typeof o.http_filter === 'object' && o.http_filter !== null
      ? checkHttpFilter(o.http_filter)
      : undefined);
  if (problem) return err(problem);
  const out: IncomingConfig = { mode: o.mode ?? 'mirror', ...(o.mode ? { modeStated: true } : {}) };
  if (o.http_filter != null && o.http_filter !== false) {
    out.httpFilter = o.http_filter;
    warnings.push(
      `\`${INCOMING}.http_filter\` is not applied: Portside's -R forwards every connection on the port, it does not filter HTTP requests`,
    );
  }
  if (o.port_mapping) out.portMapping = o.port_mapping.map(([a, b]) => [a, b]);
  if (o.port_mapping?.some(([a, b]) => a === b)) {
    // mirrord's own warning text.
    warnings.push(
      'The feature.network.incoming.port_mapping mirrord configuration field contains a mapping of a local port to the same remote port. A mapping is only necessary when the local application is listening on a different port than the remote one.',
    );
  }
  if (o.ports) out.ports = [...o.ports];
  if (o.ignore_ports) out.ignorePorts = [...o.ignore_ports];
  if (o.listen_ports) out.listenPorts = o.listen_ports.map(([a, b]) => [a, b]);
  return { ok: true, value: out };
}

/** Normalises `feature.network` / `.incoming` (`true` = mirror, `false` = off) and checks it. */
export function incomingConfig(
  feature: RootRaw['feature'],
  warnings: string[],
): ParseResult<IncomingConfig> {
  const network = feature?.network;
  if (network === false) return { ok: true, value: { mode: 'off' } };
  const incoming = network === true || network == null ? undefined : network.incoming;
  if (incoming == null) return { ok: true, value: { mode: 'mirror' } };
  if (incoming === true) return { ok: true, value: { mode: 'mirror', modeStated: true } };
  if (incoming === false) return { ok: true, value: { mode: 'off', modeStated: true } };
  if (typeof incoming === 'string')
    return { ok: true, value: { mode: incoming, modeStated: true } };
  return fromObject(incoming, warnings);
}
