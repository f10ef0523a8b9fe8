/**
 * How a container runs in netns mode, decided from its image: kube-sim apps on its ports, a real
 * process (node:* images run this machine's node), or an image pull error. The tool list becomes
 * the container's PATH (see tool-dirs.ts).
 */
import type { ContainerSpec } from '../types.ts';

export type ContainerPlan =
  | { kind: 'apps'; apps: { app: string; port: number }[]; tools: string[] }
  | { kind: 'process'; argv: string[]; tools: string[] }
  | { kind: 'error'; reason: string; message: string };

/** Decides the plan of one container. */
export type PlanContainer = (container: ContainerSpec) => ContainerPlan;
