/** WATCH: chunked NDJSON events from a resourceVersion, with BOOKMARKs and 410 Expired. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiVersionOf } from '../store/resources.ts';
import { parseFieldSelector, parseLabelSelector } from '../store/selectors.ts';
import { statusErrors } from '../store/status-error.ts';
import type { KubeObject, StoreEvent, WatchEventType } from '../store/types.ts';
import type { ServerContext } from './context.ts';
import type { ObjectAddress } from './rest-read.ts';
import { tableVersionOf, toTable, type IncludeObject } from './table.ts';

type Emit = (type: WatchEventType | 'BOOKMARK' | 'ERROR', object: unknown) => void;

/** Decides what a selective watcher sees for one store event (objects moving in/out of the selector). */
function translate(ev: StoreEvent, match: (o: KubeObject) => boolean): WatchEventType | undefined {
  const now = match(ev.object);
  const before = ev.old ? match(ev.old) : false;
  if (ev.type === 'ADDED') return now ? 'ADDED' : undefined;
  if (ev.type === 'DELETED') return now || before ? 'DELETED' : undefined;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : undefined;
}

function makeEmitter(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
  query: URLSearchParams,
): Emit {
  const tableVersion = tableVersionOf(req.headers.accept);
  const v = query.get('includeObject');
  const include: IncludeObject = v === 'None' || v === 'Object' ? v : 'Metadata';
  return (type, object) => {
    let out = object;
    if (tableVersion && (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')) {
      const obj = object as KubeObject;
      out = toTable(
        a.rt.key,
        [obj],
        { apiVersion: tableVersion, includeObject: include, now: ctx.now() },
        { resourceVersion: obj.metadata.resourceVersion },
      );
    }
    res.write(`${JSON.stringify({ type, object: out })}\n`);
  };
}

function bookmark(
  ctx: ServerContext,
  a: ObjectAddress,
  annotations?: Record<string, string>,
): Record<string, unknown> {
  return {
    kind: a.rt.kind,
    apiVersion: apiVersionOf(a.rt),
    metadata: {
      resourceVersion: String(ctx.store.resourceVersion),
      ...(annotations ? { annotations } : {}),
    },
  };
}

/** The object predicate of a watch: namespace, name (single-object watch), labels and fields. */
function watchMatcher(a: ObjectAddress, query: URLSearchParams): (o: KubeObject) => boolean {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  return (o) =>
    (a.namespace === undefined || o.metadata.namespace === a.namespace) &&
    (a.name === undefined || o.metadata.name === a.name) &&
    labels(o.metadata.labels) &&
    fields(o);
}

/** Bookmarks, `timeoutSeconds` and the end of the watch (client gone, control, restart). */
function keepOpen(
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
  query: URLSearchParams,
  emit: Emit,
  unsubscribe: () => void,
): void {
  const timers: NodeJS.Timeout[] = [];
  if (query.get('allowWatchBookmarks') === 'true') {
    timers.push(setInterval(() => emit('BOOKMARK', bookmark(ctx, a)), ctx.bookmarkIntervalMs));
  }
  const timeout = Number(query.get('timeoutSeconds') ?? 0);
  if (timeout > 0) timers.push(setTimeout(() => finish(), timeout * 1000));
  let untrack = () => {};
  const finish = () => {
    unsubscribe();
    untrack();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
  };
  untrack = ctx.watches.track(finish);
  res.on('close', finish);
}

/** Serves a watch until the client goes away, `timeoutSeconds` passes, control closes watches, or the server restarts. */
export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ServerContext,
  a: ObjectAddress,
  query: URLSearchParams,
): void {
  const match = watchMatcher(a, query);
  const rvParam = query.get('resourceVersion');
  const fromRV = rvParam && rvParam !== '0' ? Number(rvParam) : undefined;
  const backlog = fromRV !== undefined ? ctx.store.since(fromRV) : [];
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders(); // clients (client-node's Watch) wait for the headers before the first event
  const emit = makeEmitter(req, res, ctx, a, query);
  if (backlog === undefined) {
    const err = statusErrors.expired(
      `too old resource version: ${fromRV} (${ctx.store.resourceVersion})`,
    );
    emit('ERROR', err.toStatus());
    return void res.end();
  }
  let lastRV = fromRV ?? ctx.store.resourceVersion;
  const deliver = (ev: StoreEvent) => {
    if (ev.resource !== a.rt.key || ev.rv <= lastRV) return;
    lastRV = ev.rv;
    const type = translate(ev, match);
    if (type) emit(type, ev.object);
  };
  if (fromRV === undefined) {
    for (const o of ctx.store.list(a.rt.key, a.namespace).filter(match)) emit('ADDED', o);
    if (query.get('allowWatchBookmarks') === 'true' && query.get('sendInitialEvents') === 'true') {
      emit('BOOKMARK', bookmark(ctx, a, { 'k8s.io/initial-events-end': 'true' }));
    }
  } else for (const ev of backlog) deliver(ev);
  keepOpen(res, ctx, a, query, emit, ctx.store.subscribe(deliver));
}
