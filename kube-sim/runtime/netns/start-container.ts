/**
 * Starts one (regular or ephemeral) container of a pod inside its sandbox according to its plan,
 * reporting Waiting/Running states itself for app containers; process containers report their own
 * Running/Terminated states through sandbox events.
 */
import type { ContainerSpec, ContainerState, PodSpecForRuntime } from '../types.ts';
import { effectiveCaps } from './capabilities.ts';
import type { ContainerPlan } from './container-plan.ts';
import type { SandboxClient } from './sandbox-client.ts';

export interface StartContext {
  sandbox: SandboxClient;
  pod: PodSpecForRuntime;
  plan: ContainerPlan;
  /** PATH dir for a tool set. */
  pathFor(tools: string[]): Promise<string>;
  report(container: string, state: ContainerState): void;
}

/** The environment a container's processes (and exec'd commands) see. */
export function containerEnv(
  pod: PodSpecForRuntime,
  c: ContainerSpec,
  path: string,
): Record<string, string> {
  const env: Record<string, string> = { PATH: path, HOSTNAME: pod.name, HOME: '/root' };
  for (const e of c.env ?? []) env[e.name] = e.value ?? '';
  return env;
}

/** Starts container `c`; resolves once it runs (or has failed to start, reported as a state). */
export async function startContainer(ctx: StartContext, c: ContainerSpec): Promise<void> {
  const { plan, pod, sandbox } = ctx;
  if (plan.kind === 'error') {
    ctx.report(c.name, { waiting: { reason: plan.reason, message: plan.message } });
    return;
  }
  if (plan.kind === 'process') {
    const env = containerEnv(pod, c, await ctx.pathFor(plan.tools));
    await sandbox.request({
      op: 'startProcess',
      container: c.name,
      argv: plan.argv,
      env,
      caps: effectiveCaps(c.securityContext),
    });
    return;
  }
  ctx.report(c.name, { waiting: { reason: 'ContainerCreating' } });
  try {
    for (const { app, port } of plan.apps) {
      // All addresses, like a real server in a pod: reachable via the pod IP and its localhost.
      await sandbox.request({
        op: 'startApp',
        container: c.name,
        kind: app,
        host: '0.0.0.0',
        port,
        pod: pod.name,
        namespace: pod.namespace,
      });
    }
  } catch (err) {
    const message = (err as Error).message;
    ctx.report(c.name, {
      terminated: {
        exitCode: 128,
        reason: 'StartError',
        message,
        finishedAt: new Date().toISOString(),
      },
    });
    return;
  }
  ctx.report(c.name, { running: { startedAt: new Date().toISOString() } });
}
