/** The cluster the conformance tests run against: one Deployment with http + echo containers. */
import { createSim, parseScenario, type Sim } from '../index.ts';

const MANIFESTS = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default, labels: { app: web } }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: portside/sim-http:1
          ports: [{ name: http, containerPort: 80 }]
        - name: echo
          image: portside/sim-echo:1
          ports: [{ name: echo, containerPort: 7 }]
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: default, labels: { app: web } }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 8080, targetPort: http }]
`;

/**
 * Starts a sim with the conformance workload and waits until its pod serves. The pod network is
 * loopback unless KUBE_SIM_NETWORK=netns (the `conformance-netns` vitest project runs the same
 * files again that way, so the suite proves both modes unchanged).
 */
export async function startConformanceSim(): Promise<{ sim: Sim; pod: string }> {
  const network = process.env.KUBE_SIM_NETWORK === 'netns' ? 'netns' : 'loopback';
  const sim = await createSim({ scenario: parseScenario(MANIFESTS, 'conformance'), network });
  const [pod] = await sim.waitForReadyPods('default', { app: 'web' }, 1, { timeoutMs: 20_000 });
  return { sim, pod: pod!.metadata.name };
}
