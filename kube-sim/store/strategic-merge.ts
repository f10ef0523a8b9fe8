/**
 * Strategic merge patch, the subset kubectl sends: maps merge recursively, `null` deletes, lists
 * of containers/ports/env/volumes… merge by their key, and the directives `$patch`,
 * `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>` and `$retainKeys` are honoured.
 * Reference: k8s.io/apimachinery/pkg/util/strategicpatch/patch.go.
 */

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merge keys of the core types' `patchMergeKey` tags, by field name. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  conditions: 'type',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  containerStatuses: 'name',
  ephemeralContainerStatuses: 'name',
};

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  // Container ports merge on containerPort, Service ports on port.
  if (field === 'ports')
    return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

function mergeList(orig: unknown[], patch: unknown[], key: string): unknown[] {
  if (patch.some((p) => isObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isObject(p) && p.$patch === 'replace')).map(stripDirectives);
  }
  const out = orig.map((o) => structuredClone(o));
  for (const item of patch) {
    if (!isObject(item)) continue;
    const idx = out.findIndex((o) => isObject(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) out[idx] = strategicMerge(out[idx], item);
    else out.push(stripDirectives(item));
  }
  return out;
}

/** Orders `list` as `order` names it; elements it does not name keep their order, after those it does. */
function reorder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const ident = (v: unknown) => (key && isObject(v) ? v[key] : v);
  const wanted = order.map(ident);
  const rank = (v: unknown) => {
    const i = wanted.indexOf(ident(v));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return list
    .map((v, i) => ({ v, i }))
    .sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i)
    .map((x) => x.v);
}

function applyDirectives(out: Obj, patch: Obj): void {
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/') && Array.isArray(v)) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = cur.filter((x) => !v.includes(x));
    }
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') && Array.isArray(v)) {
      const field = k.slice('$setElementOrder/'.length);
      const cur = out[field];
      if (Array.isArray(cur)) out[field] = reorder(cur, v, mergeKeyFor(field, [...cur, ...v]));
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
}

/** Applies a strategic merge patch to a copy of `target`. */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  const out: Obj = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) {
      delete out[k];
    } else if (isObject(v) && v.$patch === 'delete') {
      delete out[k];
    } else if (Array.isArray(v)) {
      const key = mergeKeyFor(k, v);
      const cur = out[k];
      out[k] =
        key && Array.isArray(cur)
          ? mergeList(cur, v, key)
          : key
            ? mergeList([], v, key)
            : v.map(stripDirectives);
    } else if (isObject(v)) {
      out[k] = strategicMerge(out[k], v);
    } else {
      out[k] = v;
    }
  }
  applyDirectives(out, patch);
  return out;
}
