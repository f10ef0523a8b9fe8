/**
 * Contenders besides the pod-port Portside CLI and kubectl (forwarders.ts): Portside's service
 * route, a minimal Node TCP relay (the userspace ceiling) and a direct connection (the physical
 * limit: no forwarder at all), both to the same app code on loopback. The agent route joins as
 * another Leg here once it exists (a `-L P:host:port` rule the agent carries).
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { APP_PORTS, type AppName } from './cluster.ts';
import { freePort, listeningAll, portsideCommand, type Leg, type Ports } from './forwarders.ts';
import { startChild, waitForOutput, type Child } from './procs.ts';

const APPS = Object.keys(APP_PORTS) as AppName[];
/** The Service in front of the bench pod (cluster.ts). */
export const SERVICE = 'bench';

/** `bin/portside port-forward -L P:bench:R …` targetless: each connection resolves the Service. */
export const portsideServiceLeg: Leg = {
  id: 'portside-svc',
  label: 'Portside CLI (service)',
  async start(kubeconfig) {
    const ports = {} as Record<AppName, number>;
    for (const app of APPS) ports[app] = await freePort();
    const maps = APPS.flatMap((app) => ['-L', `${ports[app]}:${SERVICE}:${APP_PORTS[app]}`]);
    const t0 = performance.now();
    const child = startChild(
      'portside-svc',
      ...portsideCommand(['port-forward', '--kubeconfig', kubeconfig, ...maps, '--json']),
    );
    await waitForOutput(child, (out) => listeningAll(out, APPS.length), 30_000);
    return {
      ports,
      child,
      startupMs: performance.now() - t0,
      transport: () => 'Service endpoints, SPDY sessions kept alive',
    };
  },
};

const RELAY_MAIN = fileURLToPath(new URL('./tcp-relay-main.ts', import.meta.url));
const APPS_MAIN = fileURLToPath(new URL('./local-apps-main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

/** Local port per container port, as printed by a helper process (`<what> ports {…}`). */
type PortMap = Record<string, number>;

async function startHelper(
  name: string,
  main: string,
  args: string[],
): Promise<{ child: Child; ports: PortMap }> {
  const child = startChild(name, process.execPath, ['--import', `file://${TSX}`, main, ...args]);
  const json = await waitForOutput(child, (out) => / ports (\{.*\})/.exec(out)?.[1], 30_000);
  return { child, ports: JSON.parse(json) as PortMap };
}

const byApp = (map: PortMap): Ports =>
  Object.fromEntries(APPS.map((a) => [a, map[APP_PORTS[a]]!])) as Ports;

/**
 * The pod's apps on loopback in their own process (the pod's network namespace is not routed from
 * this host): what the relay and direct contenders reach.
 */
export async function startLocalApps(pod: string): Promise<{ child: Child; ports: PortMap }> {
  return startHelper('local apps', APPS_MAIN, [pod, ...APPS.map((a) => `${a}:${APP_PORTS[a]}`)]);
}

/** A minimal Node TCP relay process in front of the local apps: the userspace ceiling. */
export function relayLeg(apps: PortMap): Leg {
  return {
    id: 'relay',
    label: 'Node TCP relay',
    async start() {
      const t0 = performance.now();
      const targets = APPS.map((a) => String(apps[APP_PORTS[a]]));
      const { child, ports } = await startHelper('relay', RELAY_MAIN, ['127.0.0.1', ...targets]);
      const mapped = Object.fromEntries(
        APPS.map((a) => [APP_PORTS[a], ports[String(apps[APP_PORTS[a]])]!]),
      );
      return {
        ports: byApp(mapped),
        child,
        startupMs: performance.now() - t0,
        transport: () => 'TCP',
      };
    },
  };
}

/** No process at all: the clients connect to the local apps themselves (the physical limit). */
export function directLeg(apps: PortMap): Leg {
  return {
    id: 'direct',
    label: 'direct (no forwarder)',
    start: async () => ({
      ports: byApp(apps),
      child: noProcess('direct'),
      startupMs: 0,
      transport: () => 'TCP',
    }),
  };
}

/** Stands in for a forwarder process where there is none (no CPU, no RSS to read). */
function noProcess(name: string): Child {
  return {
    name,
    proc: { pid: undefined } as unknown as ChildProcess,
    exited: new Promise(() => {}),
    stdout: () => '',
    stderr: () => '',
    alive: () => true,
    stop: async () => {},
  };
}
