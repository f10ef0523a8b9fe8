/**
 * The cluster every leg of a run talks to: one kube-sim in its own process (`bin/portside sim`), so
 * the API server's relaying does not share an event loop with the benchmark's clients, and one pod
 * `bench` serving the test apps on fixed container ports.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { netnsUnavailableReason } from '../kube-sim/runtime/netns/available.ts';
import { startChild, waitForOutput, type Child } from './procs.ts';

export const BIN = fileURLToPath(new URL('../bin/portside', import.meta.url));
export const POD = 'bench';
export const NAMESPACE = 'default';

/** Container ports of the bench pod, by app. */
export const APP_PORTS = { http: 80, source: 9000, sink: 9001, banner: 9002 } as const;
export type AppName = keyof typeof APP_PORTS;

const SCENARIO = `apiVersion: v1
kind: Pod
metadata: { name: ${POD}, namespace: ${NAMESPACE}, labels: { app: bench } }
spec:
  containers:
${Object.entries(APP_PORTS)
  .map(
    ([app, port]) => `    - name: ${app}
      image: portside/sim-${app}:1
      ports: [{ name: ${app}, containerPort: ${port} }]`,
  )
  .join('\n')}
---
apiVersion: v1
kind: Service
metadata: { name: ${POD}, namespace: ${NAMESPACE} }
spec:
  selector: { app: bench }
  ports:
${Object.entries(APP_PORTS)
  .map(([app, port]) => `    - { name: ${app}, port: ${port}, targetPort: ${app} }`)
  .join('\n')}
`;

export type Network = 'netns' | 'loopback';

export interface Cluster {
  network: Network;
  /** Why netns was not used, when it was not. */
  networkNote?: string;
  kubeconfig: string;
  url: string;
  sim: Child;
  stop(): Promise<void>;
}

/** netns when this machine can run it (root, ip netns, iptables), else loopback with the reason. */
export function pickNetwork(asked: Network | undefined): { network: Network; note?: string } {
  if (asked === 'loopback')
    return { network: 'loopback', note: 'asked for with --network loopback' };
  const reason = netnsUnavailableReason();
  if (!reason) return { network: 'netns' };
  if (asked === 'netns') throw new Error(`--network netns: ${reason}`);
  return { network: 'loopback', note: reason };
}

/** Starts kube-sim with the bench pod and resolves once the pod is Ready. */
export async function startCluster(
  dir: string,
  asked: Network | undefined,
  waitReady: (kubeconfig: string) => Promise<void>,
): Promise<Cluster> {
  const { network, note } = pickNetwork(asked);
  const scenario = join(dir, 'scenario.yaml');
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(scenario, SCENARIO);
  const sim = startChild(
    'kube-sim',
    BIN,
    ['sim', '--scenario', scenario, '--kubeconfig-out', kubeconfig, '--network', network],
    { graceMs: 20_000 },
  );
  try {
    const url = await waitForOutput(sim, (out) => /kube-sim ready: (\S+)/.exec(out)?.[1], 60_000);
    await waitReady(kubeconfig);
    return { network, networkNote: note, kubeconfig, url, sim, stop: () => sim.stop() };
  } catch (err) {
    await sim.stop();
    throw err;
  }
}
