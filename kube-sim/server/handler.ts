/** Request entry: latency fault, auth, then discovery, control or resource dispatch. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { statusErrors } from '../store/status-error.ts';
import type { ServerContext } from './context.ts';
import {
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
  versionInfo,
} from './discovery.ts';
import { openApiGroupVersion, openApiRoot } from './openapi.ts';
import { servePodLog } from './pod-log.ts';
import { parseBody, readBody, sendError, sendJson } from './respond.ts';
import { handleGet, mustGet, type ObjectAddress } from './rest-read.ts';
import { handleCreate, handleDelete, handlePatch, handleReplace } from './rest-write.ts';
import { parseRoute, type Route } from './route.ts';
import { serveWatch } from './watch.ts';
import { verbOf } from '../control/rbac-deny.ts';

const UPGRADE_ONLY = new Set(['exec', 'portforward', 'attach']);

/** True when the request carries `Authorization: Bearer <token>`. */
export function authorized(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const got = Buffer.from(m[1]!.trim());
  const want = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}

async function dispatchResource(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress & { watch: boolean },
  query: URLSearchParams,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (a.subresource && UPGRADE_ONLY.has(a.subresource))
    throw statusErrors.badRequest('Upgrade request required');
  const watching = a.watch || query.get('watch') === 'true' || query.get('watch') === '1';
  const resource = a.subresource ? `${a.rt.resource}/${a.subresource}` : a.rt.resource;
  ctx.authorize?.(verbOf(method, a.name !== undefined, watching), resource, a.namespace, a.name);
  switch (method) {
    case 'GET': {
      const watch = a.watch || query.get('watch') === 'true' || query.get('watch') === '1';
      if (watch) return serveWatch(req, res, ctx, a, query);
      if (a.subresource === 'log') return servePodLog(res, ctx, mustGet(ctx, a), query, req);
      return handleGet(req, res, ctx, a, query);
    }
    case 'POST':
      if (a.name !== undefined) throw statusErrors.methodNotAllowed();
      return handleCreate(req, res, ctx, a, query);
    case 'PUT':
      if (a.name === undefined) throw statusErrors.methodNotAllowed();
      return handleReplace(req, res, ctx, a);
    case 'PATCH':
      if (a.name === undefined) throw statusErrors.methodNotAllowed();
      return handlePatch(req, res, ctx, a);
    case 'DELETE':
      return handleDelete(req, res, ctx, a, query);
    default:
      throw statusErrors.methodNotAllowed();
  }
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  r: Route,
  query: URLSearchParams,
): Promise<void> {
  switch (r.kind) {
    case 'version':
      return sendJson(res, 200, versionInfo());
    case 'api-versions':
      return sendJson(res, 200, apiVersions(ctx.serverAddress()));
    case 'api-groups':
      return sendJson(res, 200, apiGroupList());
    case 'api-group':
      return sendJson(res, 200, apiGroupDoc(r.group));
    case 'resource-list':
      return sendJson(res, 200, apiResourceList(r.group, r.version));
    case 'resource':
      return dispatchResource(req, res, ctx, r, query);
    case 'openapi-v3': {
      const doc = r.path ? openApiGroupVersion(r.path) : openApiRoot();
      if (!doc) throw statusErrors.pathNotFound();
      return sendJson(res, 200, doc);
    }
    case 'control': {
      if (req.method !== 'POST' && req.method !== 'GET') throw statusErrors.methodNotAllowed();
      if (!ctx.control) throw statusErrors.pathNotFound();
      const body =
        req.method === 'POST' ? parseBody(await readBody(req), 'application/json') : undefined;
      const { result, after } = ctx.control(r.action, body ?? {});
      if (after) res.on('finish', after);
      return sendJson(res, 200, result);
    }
    default:
      throw statusErrors.pathNotFound();
  }
}

/** Builds the `request` listener of the HTTPS server. */
export function createRequestHandler(
  ctx: ServerContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const run = async () => {
      if (ctx.latencyMs > 0) await delay(ctx.latencyMs);
      const url = new URL(req.url ?? '/', 'https://kube-sim.invalid');
      const r = parseRoute(url.pathname);
      if (r.kind === 'health')
        return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      if (!authorized(req, ctx.token)) throw statusErrors.unauthorized();
      await route(req, res, ctx, r, url.searchParams);
    };
    run().catch((err: unknown) => sendError(res, err));
  };
}
