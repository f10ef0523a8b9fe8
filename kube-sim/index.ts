/** kube-sim: a Kubernetes API emulator that real kubectl and @kubernetes/client-node accept. */
export { createSim, type Sim, type SimOptions } from './control/sim.ts';
export type { SimControl, RefuseMode, WorkloadKind } from './control/control.ts';
export type { SimQueries, Selector } from './control/queries.ts';
export { isServing } from './control/queries.ts';
export type { RuntimeFactory, NetworkMode } from './control/runtime-loader.ts';
export type { WaitOptions } from './control/wait.ts';
export { loadScenario, parseScenario, type Scenario } from './scenarios/load.ts';
export type { KubeObject } from './store/types.ts';
