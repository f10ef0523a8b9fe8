/** POST, PUT, PATCH and DELETE on objects and their status/scale/ephemeralcontainers subresources. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deleteObject, type DeleteOptions } from '../store/delete.ts';
import { apiVersionOf } from '../store/resources.ts';
import { applyPatch, patchTypeOf } from '../store/patch.ts';
import { statusErrors } from '../store/status-error.ts';
import type { KubeObject } from '../store/types.ts';
import type { ServerContext } from './context.ts';
import { withEphemeralContainers } from './pod-ephemeral.ts';
import { parseBody, readBody, sendJson, successStatus } from './respond.ts';
import { listObjects, mustGet, type ObjectAddress } from './rest-read.ts';
import { applyScale, toScale } from './scale.ts';

async function bodyObject(req: IncomingMessage): Promise<KubeObject> {
  const body = parseBody(await readBody(req), req.headers['content-type']);
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw statusErrors.badRequest('the request body must be a JSON object');
  const obj = body as KubeObject;
  obj.metadata ??= {} as KubeObject['metadata'];
  return obj;
}

function ensureNamespace(ctx: ServerContext, ns: string): void {
  const obj = ctx.store.get('namespaces', undefined, ns);
  if (!obj) throw statusErrors.notFound('namespaces', '', ns);
  if (obj.metadata.deletionTimestamp) {
    throw statusErrors.forbidden(
      `unable to create new content in namespace ${ns} because it is being terminated`,
    );
  }
}

/** POST on a collection. */
export async function handleCreate(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
  query: URLSearchParams,
): Promise<void> {
  if (query.has('dryRun')) throw statusErrors.badRequest('kube-sim does not support dryRun');
  const obj = await bodyObject(req);
  if (obj.kind && obj.kind !== a.rt.kind)
    throw statusErrors.badRequest(
      `the kind "${obj.kind}" does not match the resource ${a.rt.resource}`,
    );
  if (a.rt.namespaced) {
    if (a.namespace === undefined) throw statusErrors.methodNotAllowed();
    if (obj.metadata.namespace && obj.metadata.namespace !== a.namespace) {
      throw statusErrors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = a.namespace;
    ensureNamespace(ctx, a.namespace);
  }
  obj.apiVersion = apiVersionOf(a.rt);
  obj.kind = a.rt.kind;
  sendJson(res, 201, ctx.store.create(a.rt.key, obj));
}

/** Merges a client-proposed object into `old` as the subresource (or main resource) allows. */
function proposedUpdate(a: ObjectAddress, old: KubeObject, proposed: KubeObject): KubeObject {
  if (a.subresource === 'status')
    return {
      ...old,
      status: proposed.status,
      metadata: {
        ...old.metadata,
        resourceVersion: proposed.metadata?.resourceVersion ?? old.metadata.resourceVersion,
      },
    };
  if (a.subresource === 'scale') return applyScale(a.rt, old, proposed);
  if (a.subresource === 'ephemeralcontainers') return withEphemeralContainers(old, proposed);
  if (a.subresource) throw statusErrors.methodNotAllowed();
  const out = structuredClone(proposed);
  out.metadata = { ...out.metadata, name: old.metadata.name, namespace: old.metadata.namespace };
  // The main resource never changes status (it has a subresource), nor a pod's ephemeral containers.
  out.status = old.status;
  if (a.rt.key === 'pods') {
    out.spec = { ...(out.spec ?? {}) };
    if (old.spec?.ephemeralContainers) out.spec.ephemeralContainers = old.spec.ephemeralContainers;
    else delete out.spec.ephemeralContainers;
  }
  return out;
}

function commitUpdate(
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
  old: KubeObject,
  proposed: KubeObject,
): void {
  const next = proposedUpdate(a, old, proposed);
  const updated = ctx.store.update(a.rt.key, next, { checkVersion: true });
  sendJson(res, 200, a.subresource === 'scale' ? toScale(a.rt, updated) : updated);
}

/** PUT on an object or subresource. */
export async function handleReplace(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
): Promise<void> {
  const body = await bodyObject(req);
  if (body.metadata.name && body.metadata.name !== a.name) {
    throw statusErrors.badRequest(
      `the name of the object (${body.metadata.name}) does not match the name on the URL (${a.name})`,
    );
  }
  const old = mustGet(ctx, a);
  if (a.subresource === 'scale') body.metadata.resourceVersion ??= old.metadata.resourceVersion;
  commitUpdate(res, ctx, a, old, body);
}

/** PATCH on an object or subresource (JSON Patch, merge patch, strategic merge patch). */
export async function handlePatch(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
): Promise<void> {
  const type = patchTypeOf(req.headers['content-type']);
  if (type === 'strategic' && a.rt.group === 'argoproj.io') {
    throw statusErrors.unsupportedMediaType(
      'application/strategic-merge-patch+json (not supported for custom resources)',
    );
  }
  const patch = parseBody(await readBody(req), 'application/json');
  const old = mustGet(ctx, a);
  const base = a.subresource === 'scale' ? toScale(a.rt, old) : old;
  const patched = applyPatch(type, base, patch) as KubeObject;
  if (!patched || typeof patched !== 'object')
    throw statusErrors.badRequest('the patch did not produce an object');
  patched.metadata ??= {} as KubeObject['metadata'];
  commitUpdate(res, ctx, a, old, patched);
}

async function deleteOptions(req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const body = parseBody(await readBody(req), 'application/json') as DeleteOptions | undefined;
  const opts: DeleteOptions = { ...(body ?? {}) };
  if (query.has('gracePeriodSeconds'))
    opts.gracePeriodSeconds = Number(query.get('gracePeriodSeconds'));
  const prop = query.get('propagationPolicy');
  if (prop === 'Orphan' || prop === 'Background' || prop === 'Foreground')
    opts.propagationPolicy = prop;
  return opts;
}

/** DELETE on an object, or on a collection (deletecollection with selectors). */
export async function handleDelete(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
  query: URLSearchParams,
): Promise<void> {
  if (a.subresource) throw statusErrors.methodNotAllowed();
  const opts = await deleteOptions(req, query);
  if (a.name === undefined) {
    const { items } = listObjects(ctx, a, query);
    const deleted = items.map(
      (o) => deleteObject(ctx.store, a.rt, o.metadata.namespace, o.metadata.name, opts).object,
    );
    return sendJson(res, 200, {
      kind: `${a.rt.kind}List`,
      apiVersion: apiVersionOf(a.rt),
      metadata: { resourceVersion: String(ctx.store.resourceVersion) },
      items: deleted,
    });
  }
  const { object } = deleteObject(ctx.store, a.rt, a.namespace, a.name, opts);
  if (a.rt.key === 'pods' || a.rt.key === 'namespaces') return sendJson(res, 200, object);
  sendJson(
    res,
    200,
    successStatus({
      name: a.name,
      ...(a.rt.group ? { group: a.rt.group } : {}),
      kind: a.rt.resource,
      uid: object.metadata.uid,
    }),
  );
}
