/**
 * netns plans from the shared image catalog (kube-sim/runtime/images.ts): which tools each kind of
 * image has on its PATH here. App images get a small real userland (so `getent hosts postgres`
 * and `curl` run as real processes against the pod's resolv.conf); only the agent image has
 * iptables; `node` exists only in node-based images.
 */
import { imagePullFailure, processArgv, resolveImage } from '../images.ts';
import type { ContainerSpec } from '../types.ts';
import type { ContainerPlan } from './container-plan.ts';

/** Tools of a small Linux userland that this machine has and typical images have too. */
export const BASE_TOOLS = [
  'sh',
  'cat',
  'env',
  'echo',
  'hostname',
  'ls',
  'sleep',
  'true',
  'false',
  'getent',
  'curl',
];
/** The agent image adds these (steal mode needs iptables). */
export const AGENT_TOOLS = ['iptables', 'iptables-save', 'iptables-restore', 'ip'];

/** Plans a container from its image. */
export function defaultPlanContainer(c: ContainerSpec): ContainerPlan {
  const image = resolveImage(c.image);
  if (!image) return { kind: 'error', ...imagePullFailure(c.image).waiting };
  switch (image.kind) {
    case 'app':
      return {
        kind: 'apps',
        apps: (c.ports ?? []).map((p) => ({ app: image.app, port: p.containerPort })),
        tools: BASE_TOOLS,
      };
    case 'node':
      return { kind: 'process', argv: processArgv(c), tools: ['node', ...BASE_TOOLS] };
    case 'agent':
      return {
        kind: 'process',
        argv: processArgv(c),
        tools: ['node', ...BASE_TOOLS, ...AGENT_TOOLS],
      };
  }
}
