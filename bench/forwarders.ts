/**
 * The forwarders compared: Portside's CLI and `kubectl port-forward`, each as its own process
 * forwarding the four app ports of the bench pod, waited on by what it prints when it listens.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_PORTS, BIN, POD, type AppName } from './cluster.ts';
import type { Target } from './clients.ts';
import { startChild, waitForOutput, type Child } from './procs.ts';

export const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';
export const kubectlPath = (version: string): string => join(KUBECTL_DIR, `kubectl.${version}`);

/** Where each app is reached through a contender: a local port, or the pod's own address. */
export type Ports = Record<AppName, Target>;

export interface Forwarder {
  readonly ports: Ports;
  readonly child: Child;
  /** Milliseconds from spawn until every port listened. */
  readonly startupMs: number;
  /** What really carried the traffic, when the forwarder tells (kubectl -v=6 upgrade lines). */
  transport(): string | undefined;
}

export interface Leg {
  id: string;
  label: string;
  start(kubeconfig: string, scratch: string): Promise<Forwarder>;
}

const APPS = Object.keys(APP_PORTS) as AppName[];

/** A port that was free a moment ago (Portside refuses local port 0, like mirrord). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

let cpuProfDir: string | undefined;

/** Portside CLI legs started from now on run under `node --cpu-prof`, writing into `dir`. */
export function profilePortsideInto(dir: string): void {
  cpuProfDir = dir;
}

/** How a Portside CLI leg is started: bin/portside, or its bundle under the CPU profiler. */
export function portsideCommand(args: string[]): [string, string[]] {
  if (!cpuProfDir) return [BIN, args];
  const bundle = fileURLToPath(new URL('../dist-cli/portside.mjs', import.meta.url));
  // The same V8 flag bin/portside passes (see the comment there), so the profile is of the product.
  const flags = ['--initial-old-space-size=64', '--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`];
  return [process.execPath, [...flags, bundle, ...args]];
}

/** `bin/portside port-forward -t pod/bench -L P:localhost:R … --json` (the pod-port route). */
export const portsideLeg: Leg = {
  id: 'portside',
  label: 'Portside CLI',
  async start(kubeconfig) {
    const ports = {} as Ports;
    for (const app of APPS) ports[app] = await freePort();
    const maps = APPS.flatMap((app) => ['-L', `${ports[app]}:localhost:${APP_PORTS[app]}`]);
    const t0 = performance.now();
    const child = startChild(
      'portside',
      ...portsideCommand([
        'port-forward',
        '--kubeconfig',
        kubeconfig,
        '-t',
        `pod/${POD}`,
        ...maps,
        '--json',
      ]),
    );
    await waitForOutput(child, (out) => listeningAll(out, APPS.length), 30_000);
    return {
      ports,
      child,
      startupMs: performance.now() - t0,
      transport: () =>
        'SPDY/3.1 upgrade (WebSocket tunnel if refused), sessions kept alive (one connection each)',
    };
  },
};

export function listeningAll(out: string, n: number): true | undefined {
  const listening = new Set<string>();
  // The last piece may be a line still being written.
  for (const line of out.split('\n').slice(0, -1)) {
    if (!line.startsWith('{')) continue;
    const ev = JSON.parse(line) as { type?: string; state?: string; id?: string; reason?: string };
    if (ev.type === 'rule' && ev.state === 'failed')
      throw new Error(`Portside rule failed: ${ev.reason}`);
    if (ev.type === 'rule' && ev.state === 'listening' && ev.id) listening.add(ev.id);
  }
  return listening.size >= n ? true : undefined;
}

/** `kubectl.VERSION port-forward pod/bench :80 :9000 …`, with -v=6 so the upgrade shows which transport served. */
export function kubectlLeg(version: string, websockets: boolean): Leg {
  const transportName = websockets ? 'WebSocket tunnel' : 'SPDY';
  return {
    id: `kubectl-${version}-${websockets ? 'ws' : 'spdy'}`,
    label: `kubectl ${version} (${transportName})`,
    async start(kubeconfig, scratch) {
      const env: Record<string, string> = websockets
        ? {}
        : { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' };
      const args = [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(scratch, `kubectl-cache-${version}`),
      ];
      const remote = APPS.map((app) => `:${APP_PORTS[app]}`);
      const t0 = performance.now();
      const child = startChild(
        `kubectl ${version}`,
        kubectlPath(version),
        [...args, 'port-forward', `pod/${POD}`, ...remote, '-v=6'],
        { env },
      );
      const byRemote = await waitForOutput(
        child,
        (out) => forwardedPorts(out, APPS.length),
        30_000,
      );
      const ports = Object.fromEntries(
        APPS.map((app) => [app, byRemote.get(APP_PORTS[app])!]),
      ) as Ports;
      // Cached: the upgrade line is printed once, and the kept stderr is only a tail.
      let seen: string | undefined;
      const transport = (): string | undefined => (seen ??= kubectlTransport(child.stderr()));
      transport();
      return { ports, child, startupMs: performance.now() - t0, transport };
    },
  };
}

function forwardedPorts(out: string, n: number): Map<number, number> | undefined {
  const ports = new Map<number, number>();
  for (const m of out.matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/g))
    ports.set(Number(m[2]), Number(m[1]));
  return ports.size >= n ? ports : undefined;
}

/** GET upgrade = WebSocket (tunnelling SPDY streams), POST upgrade = raw SPDY (see docs/kube-wire.md). */
function kubectlTransport(stderr: string): string | undefined {
  const m = /\b(GET|POST)\b[^\n]*\/portforward[^\n]*101 Switching Protocols/.exec(stderr);
  if (!m) return undefined;
  return m[1] === 'GET' ? 'WebSocket (portforward.k8s.io tunnel)' : 'SPDY/3.1';
}
