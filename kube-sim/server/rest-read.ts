/** GET of objects and lists (with selectors, limit/continue), as JSON or as a Table. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceType } from '../store/resources.ts';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors.ts';
import { statusErrors } from '../store/status-error.ts';
import type { KubeObject } from '../store/types.ts';
import type { ServerContext } from './context.ts';
import { sendJson } from './respond.ts';
import { toScale } from './scale.ts';
import { tableVersionOf, toTable, type IncludeObject } from './table.ts';

export interface ObjectAddress {
  rt: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Reads one object or throws 404. */
export function mustGet(ctx: ServerContext, a: ObjectAddress): KubeObject {
  const obj = ctx.store.get(a.rt.key, a.namespace, a.name!);
  if (!obj) throw statusErrors.notFound(a.rt.resource, a.rt.group, a.name!);
  return obj;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString(
    'base64',
  );
}

function decodeContinue(s: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64').toString('utf8')) as ContinueToken;
    if (typeof t.start !== 'string') throw new Error('bad token');
    return t;
  } catch {
    throw statusErrors.badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

/** Lists with the query's selectors and paging. */
export function listObjects(
  ctx: ServerContext,
  a: ObjectAddress,
  query: URLSearchParams,
): { items: KubeObject[]; meta: Record<string, unknown> } {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  const rv = ctx.store.resourceVersion;
  let items = ctx.store
    .list(a.rt.key, a.namespace)
    .filter((o) => labels(o.metadata.labels) && fields(o));
  const cont = query.get('continue');
  if (cont) {
    const { start } = decodeContinue(cont);
    items = items.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > start);
  }
  const meta: Record<string, unknown> = { resourceVersion: String(rv) };
  const limit = Number(query.get('limit') ?? 0);
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1]!;
    meta.continue = encodeContinue({
      rv,
      start: `${last.metadata.namespace ?? ''}/${last.metadata.name}`,
    });
    meta.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  return { items, meta };
}

function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

/** Serves GET on a collection or an object (not watch, not log). */
export function handleGet(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
  query: URLSearchParams,
): void {
  const tableVersion = tableVersionOf(req.headers.accept);
  const tableOpts = tableVersion
    ? { apiVersion: tableVersion, includeObject: includeObject(query), now: ctx.now() }
    : undefined;
  if (a.name !== undefined) {
    const obj = mustGet(ctx, a);
    if (a.subresource === 'scale') return sendJson(res, 200, toScale(a.rt, obj));
    if (a.subresource && a.subresource !== 'status' && a.subresource !== 'ephemeralcontainers') {
      throw statusErrors.methodNotAllowed();
    }
    if (tableOpts && !a.subresource)
      return sendJson(
        res,
        200,
        toTable(a.rt.key, [obj], tableOpts, { resourceVersion: obj.metadata.resourceVersion }),
      );
    return sendJson(res, 200, obj);
  }
  const { items, meta } = listObjects(ctx, a, query);
  if (tableOpts) return sendJson(res, 200, toTable(a.rt.key, items, tableOpts, meta));
  sendJson(res, 200, {
    kind: `${a.rt.kind}List`,
    apiVersion: apiVersionOf(a.rt),
    metadata: meta,
    items,
  });
}
