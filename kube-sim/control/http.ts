/** `/sim/v1/<action>`: the control API over HTTP, behind the same bearer token as the API. */
/* eslint-disable @typescript-eslint/no-explicit-any -- inputs are validated by the schemas above their use */
import { z } from 'zod';
import { PortsideError } from '../../shared/errors.ts';
import type { ServerContext } from '../server/context.ts';
import { StatusError } from '../store/status-error.ts';
import type { SimControl } from './control.ts';

const ns = z.string().min(1).default('default');
const schemas = {
  'delete-pod': z.object({
    namespace: ns,
    name: z.string().min(1),
    gracePeriodSeconds: z.number().int().min(0).optional(),
  }),
  scale: z.object({
    kind: z.enum(['deployment', 'statefulset', 'replicaset', 'rollout']).default('deployment'),
    namespace: ns,
    name: z.string().min(1),
    replicas: z.number().int().min(0),
  }),
  'rollout-restart': z.object({
    kind: z.enum(['deployment', 'statefulset', 'rollout']).default('deployment'),
    namespace: ns,
    name: z.string().min(1),
  }),
  'set-ready': z.object({ namespace: ns, name: z.string().min(1), ready: z.boolean() }),
  'refuse-upgrades': z.object({ mode: z.enum(['none', 'websocket', 'spdy', 'all']) }),
  'close-streams': z.object({}),
  latency: z.object({ ms: z.number().min(0) }),
  'restart-apiserver': z.object({ downMs: z.number().int().min(0).optional() }),
  'compact-watch-history': z.object({}),
  'close-watches': z.object({}),
  'freeze-apiserver': z.object({ seconds: z.number().min(0).max(600) }),
  'rbac-deny': z.object({
    verb: z.enum(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']),
    resource: z.string().min(1).max(100),
  }),
  'rbac-allow-all': z.object({}),
  'rotate-token': z.object({ token: z.string().min(8).max(200) }),
  state: z.object({}),
};

export type ControlAction = keyof typeof schemas;

/** What a control call answers, and what to do once the answer is on the wire. */
export interface ControlResult {
  result: unknown;
  after?: () => void;
}

function run(
  ctx: ServerContext,
  control: SimControl,
  action: ControlAction,
  input: any,
): ControlResult {
  switch (action) {
    case 'delete-pod':
      control.deletePod(input.namespace, input.name, {
        gracePeriodSeconds: input.gracePeriodSeconds,
      });
      return { result: { ok: true } };
    case 'scale':
      control.scale(input.kind, input.namespace, input.name, input.replicas);
      return { result: { ok: true } };
    case 'rollout-restart':
      control.rolloutRestart(input.kind, input.namespace, input.name);
      return { result: { ok: true } };
    case 'set-ready':
      control.setPodReady(input.namespace, input.name, input.ready);
      return { result: { ok: true } };
    case 'refuse-upgrades':
      control.refuseUpgrades(input.mode);
      return { result: { ok: true } };
    case 'close-streams':
      return { result: { ok: true, closed: control.closeStreams() } };
    case 'latency':
      control.setLatency(input.ms);
      return { result: { ok: true } };
    case 'restart-apiserver':
      // Answer first: the restart drops this very connection.
      return {
        result: { ok: true },
        after: () => void control.restartApiServer({ downMs: input.downMs }).catch(() => {}),
      };
    case 'compact-watch-history':
      control.compactWatchHistory();
      return { result: { ok: true, resourceVersion: String(ctx.store.resourceVersion) } };
    case 'close-watches':
      return { result: { ok: true, closed: control.closeWatches() } };
    case 'rbac-deny':
      control.denyVerb(input.verb, input.resource);
      return { result: { ok: true } };
    case 'rotate-token':
      control.rotateToken(input.token);
      return { result: { ok: true } };
    case 'rbac-allow-all':
      control.allowAll();
      return { result: { ok: true } };
    case 'freeze-apiserver':
      // Answer first: this very connection freezes too.
      return {
        result: { ok: true },
        after: () => void control.freezeApiServer(input.seconds * 1000),
      };
    case 'state':
      return {
        result: {
          faults: ctx.faults,
          latencyMs: ctx.latencyMs,
          liveStreams: ctx.streams.size,
          openWatches: ctx.watches.size,
          resourceVersion: String(ctx.store.resourceVersion),
        },
      };
  }
}

/** Dispatches one control request; validation and lookup failures become 4xx Status errors. */
export function handleControl(
  ctx: ServerContext,
  control: SimControl,
  action: string,
  body: unknown,
): ControlResult {
  const schema = schemas[action as ControlAction];
  if (!schema)
    throw new StatusError(
      404,
      'NotFound',
      `unknown control action "${action}"; known: ${Object.keys(schemas).join(', ')}`,
    );
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw new StatusError(
      400,
      'BadRequest',
      `invalid ${action} request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
    );
  try {
    return run(ctx, control, action as ControlAction, parsed.data);
  } catch (err) {
    if (err instanceof PortsideError)
      throw new StatusError(
        err.kind === 'NotFound' ? 404 : 400,
        err.kind === 'NotFound' ? 'NotFound' : 'BadRequest',
        err.message,
      );
    throw err;
  }
}
