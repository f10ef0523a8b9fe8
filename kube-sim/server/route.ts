/** Maps a request path to what it addresses: discovery, a resource (collection/object/subresource), control. */
import { groupVersions, resourceByPath, type ResourceType } from '../store/resources.ts';

export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'api-versions' }
  | { kind: 'api-groups' }
  | { kind: 'api-group'; group: string }
  | { kind: 'resource-list'; group: string; version: string }
  | {
      kind: 'resource';
      rt: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
      watch: boolean;
    }
  | { kind: 'control'; action: string }
  | { kind: 'openapi-v3'; path: string }
  | { kind: 'unknown' };

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function served(group: string, version: string): boolean {
  return groupVersions().some((gv) => gv.group === group && gv.version === version);
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  if (!served(group, version)) return { kind: 'unknown' };
  if (rest.length === 0) return { kind: 'resource-list', group, version };
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  const isNamespaceSub = rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]!);
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(group === '' && isNamespaceSub)) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return { kind: 'unknown' };
  const rt = resourceByPath(group, version, rest[0]!);
  if (!rt) return { kind: 'unknown' };
  if (!rt.namespaced && namespace !== undefined) return { kind: 'unknown' };
  const [, name, subresource] = rest;
  if (rt.namespaced && namespace === undefined && name !== undefined) return { kind: 'unknown' };
  if (subresource && !rt.subresources?.some((s) => s.name === subresource))
    return { kind: 'unknown' };
  return { kind: 'resource', rt, namespace, name, subresource, watch };
}

/** Parses a URL pathname (no query). */
export function parseRoute(pathname: string): Route {
  const segs = pathname
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  const [a, b, c, ...more] = segs;
  if (segs.length === 1 && a === 'version') return { kind: 'version' };
  if (segs.length === 1 && (a === 'healthz' || a === 'livez' || a === 'readyz'))
    return { kind: 'health' };
  if (a === 'sim' && b === 'v1' && c && more.length === 0) return { kind: 'control', action: c };
  if (a === 'openapi' && b === 'v3') return { kind: 'openapi-v3', path: segs.slice(2).join('/') };
  if (a === 'api') {
    if (segs.length === 1) return { kind: 'api-versions' };
    return resourceRoute('', b!, segs.slice(2));
  }
  if (a === 'apis') {
    if (segs.length === 1) return { kind: 'api-groups' };
    if (segs.length === 2)
      return groupVersions().some((gv) => gv.group === b)
        ? { kind: 'api-group', group: b! }
        : { kind: 'unknown' };
    return resourceRoute(b!, c!, segs.slice(3));
  }
  return { kind: 'unknown' };
}
