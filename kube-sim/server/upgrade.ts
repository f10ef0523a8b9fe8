/**
 * Upgrade requests (pods/portforward, pods/exec): auth, pod lookup and checks here, then the
 * streaming module (kube-sim/streaming/, another engineer's) speaks the protocols. POST (SPDY) and
 * GET (WebSocket) go to the same handler; it decides by the headers and applies the upgrade faults.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { StatusError, statusErrors } from '../store/status-error.ts';
import type { KubeObject } from '../store/types.ts';
import type { ServerContext } from './context.ts';
import { resolveContainer } from './pod-log.ts';
import type { Route } from './route.ts';
import {
  handleExecUpgrade,
  handlePortForwardUpgrade,
  type StreamContext,
} from '../streaming/index.ts';
import { errorText } from '../../shared/errors.ts';

/** Writes a Status as a plain HTTP response on a not-yet-upgraded socket, then closes it. */
export function rejectUpgrade(socket: Duplex, err: unknown): void {
  const se = err instanceof StatusError ? err : statusErrors.internal(errorText(err));
  const body = JSON.stringify(se.toStatus());
  const head = `HTTP/1.1 ${se.code} ${se.reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  if (!socket.writable) return void socket.destroy();
  socket.end(head + body);
}

function checkRunning(pod: KubeObject): void {
  if (pod.status?.phase !== 'Running') {
    throw statusErrors.badRequest(
      `pod ${pod.metadata.name} is not running (phase ${pod.status?.phase ?? 'Pending'})`,
    );
  }
}

/** Handles one upgrade request whose token was already checked. */
export async function handleUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  ctx: ServerContext,
  route: Route,
  query: URLSearchParams,
): Promise<void> {
  const sub = route.kind === 'resource' ? route.subresource : undefined;
  if (
    route.kind !== 'resource' ||
    route.rt.key !== 'pods' ||
    !route.name ||
    (sub !== 'portforward' && sub !== 'exec')
  ) {
    if (route.kind === 'resource' && sub === 'attach')
      throw statusErrors.badRequest('kube-sim does not support attach');
    throw statusErrors.badRequest('this resource does not support upgrades');
  }
  ctx.authorize?.('create', `pods/${sub}`, route.namespace, route.name);
  const pod = ctx.store.get('pods', route.namespace, route.name);
  if (!pod) throw statusErrors.notFound('pods', '', route.name);
  checkRunning(pod);
  const container = sub === 'exec' ? resolveContainer(pod, query.get('container')) : '';
  const streamCtx: StreamContext = {
    pod: { namespace: pod.metadata.namespace!, name: pod.metadata.name, uid: pod.metadata.uid },
    runtime: ctx.runtime,
    faults: ctx.faults,
    track: (close) => ctx.streams.track(close),
  };
  if (sub === 'portforward') handlePortForwardUpgrade(req, socket, head, streamCtx);
  else handleExecUpgrade(req, socket, head, { ...streamCtx, container });
}
