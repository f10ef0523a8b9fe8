/** `pods/log`: the runtime's captured output of a container, optionally followed. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PodRef } from '../runtime/types.ts';
import { statusErrors } from '../store/status-error.ts';
import type { KubeObject } from '../store/types.ts';
import type { ServerContext } from './context.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are open JSON here */

const FOLLOW_POLL_MS = 100;

/** Picks the container a request means: the named one (regular or ephemeral) or the first. */
export function resolveContainer(pod: KubeObject, requested: string | null): string {
  const names: string[] = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
    ...(pod.spec?.initContainers ?? []),
  ].map((c: any) => c.name);
  const name = requested || names[0];
  if (!name || !names.includes(name)) {
    throw statusErrors.badRequest(
      `container ${name ?? '""'} is not valid for pod ${pod.metadata.name}`,
    );
  }
  return name;
}

function tail(text: string, lines: number): string {
  const parts = text.split('\n');
  const trailing = parts[parts.length - 1] === '' ? parts.pop() : undefined;
  return parts.slice(-lines).join('\n') + (trailing !== undefined ? '\n' : '');
}

function checkStarted(pod: KubeObject, container: string): void {
  const statuses: any[] = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ];
  const st = statuses.find((s) => s.name === container);
  if (!st || (st.state?.waiting && !st.lastState?.terminated)) {
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    throw statusErrors.badRequest(
      `container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${reason}`,
    );
  }
}

/** Streams what the container writes from now on, until the pod is gone or the client leaves. */
function follow(
  res: ServerResponse,
  req: IncomingMessage,
  ctx: ServerContext,
  ref: PodRef,
  container: string,
): void {
  let sent = ctx.runtime.logs(ref, container).length;
  const timer = setInterval(() => {
    const current = ctx.store.get('pods', ref.namespace, ref.name);
    if (!current || current.metadata.uid !== ref.uid) return finish();
    const all = ctx.runtime.logs(ref, container);
    if (all.length > sent) res.write(all.slice(sent));
    sent = all.length;
  }, FOLLOW_POLL_MS);
  const finish = () => {
    clearInterval(timer);
    untrack();
    if (!res.writableEnded) res.end();
  };
  const untrack = ctx.streams.track(finish);
  req.on('close', finish);
}

/** Serves GET …/pods/x/log (`container`, `tailLines`, `limitBytes`, `follow`). */
export function servePodLog(
  res: ServerResponse,
  ctx: ServerContext,
  pod: KubeObject,
  query: URLSearchParams,
  req: IncomingMessage,
): void {
  const container = resolveContainer(pod, query.get('container'));
  checkStarted(pod, container);
  const ref: PodRef = {
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name,
    uid: pod.metadata.uid,
  };
  let text = ctx.runtime.logs(ref, container);
  const tailLines = query.get('tailLines');
  if (tailLines !== null) text = tail(text, Number(tailLines));
  const limit = Number(query.get('limitBytes') ?? 0);
  if (limit > 0) text = text.slice(0, limit);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  res.write(text);
  if (query.get('follow') === 'true') follow(res, req, ctx, ref, container);
  else res.end();
}
