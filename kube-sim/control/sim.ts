/** createSim: store + controllers + runtime + HTTPS API server + kubeconfig, as one object for tests. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { writeKubeconfigOut } from './kubeconfig-out.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createControllers, type SimControllers } from '../controllers/index.ts';
import type { PodRuntime, RuntimeHooks } from '../runtime/types.ts';
import {
  applyScenario,
  bootstrapCluster,
  setApiServerEndpoints,
  SIM_NODE,
} from '../scenarios/bootstrap.ts';
import { loadScenario, type Scenario } from '../scenarios/load.ts';
import { createStreamRegistry, type ServerContext } from '../server/context.ts';
import { startApiServer, type ApiServer } from '../server/http-server.ts';
import { renderKubeconfig } from '../server/kubeconfig.ts';
import { makeTlsMaterial } from '../server/tls.ts';
import { createAdmit, DEFAULT_SERVICE_CIDR } from '../store/defaults.ts';
import { Store } from '../store/store.ts';
import { resolveServiceName } from './cluster-dns.ts';
import { createControl, type SimControl } from './control.ts';
import { handleControl } from './http.ts';
import { startNetworkSync } from './network-sync.ts';
import { resolveRuntime, type NetworkMode, type RuntimeFactory } from './runtime-loader.ts';
import { createSimQueries, type SimQueries } from './queries.ts';

export interface SimOptions {
  /** `demo` (or another built-in name), a YAML/JSON file path, or a parsed scenario. Default: empty cluster. */
  scenario?: string | Scenario;
  /** A runtime, or a factory given the hooks. Default: the built-in runtime of `network`. */
  runtime?: PodRuntime | RuntimeFactory;
  network?: NetworkMode;
  host?: string;
  port?: number;
  /** Where to write the kubeconfig (kept on close). Default: a temp file removed on close. */
  kubeconfigOut?: string;
  /** Delay before a controller replaces a pod it lost. Default 1000 ms. */
  replaceDelayMs?: number;
  /** Interval of watch BOOKMARK events (when the client allows them). Default 15 s. */
  bookmarkIntervalMs?: number;
  token?: string;
  /** Controller errors (retried automatically). Default: printed when PORTSIDE_DEBUG is set. */
  onError?: (err: unknown, where: string) => void;
}

export interface Sim extends SimControl, SimQueries {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** The kubeconfig YAML (context `portside-sim`). */
  readonly kubeconfig: string;
  readonly kubeconfigPath: string;
  readonly caPem: string;
  readonly store: Store;
  readonly runtime: PodRuntime;
  /** Hooks to hand to a runtime passed as an instance (factories get them automatically). */
  readonly runtimeHooks: RuntimeHooks;
  readonly scenario?: Scenario;
  /** Resolves once no controller work is queued. */
  settled(): Promise<void>;
  /** Stops everything it started and removes the temp kubeconfig. Idempotent. */
  close(): Promise<void>;
}

function defaultOnError(err: unknown, where: string): void {
  if (process.env.PORTSIDE_DEBUG) console.error(`kube-sim: ${where}:`, err);
}

async function writeKubeconfig(
  path: string | undefined,
  text: string,
): Promise<{ path: string; tempDir?: string }> {
  if (path) {
    await writeKubeconfigOut(path, text);
    return { path };
  }
  const tempDir = await mkdtemp(join(tmpdir(), 'kube-sim-'));
  const p = join(tempDir, 'kubeconfig');
  await writeFile(p, text, { mode: 0o600 });
  return { path: p, tempDir };
}

/** Starts a simulated cluster; resolves once the API server accepts requests. */
export async function createSim(opts: SimOptions = {}): Promise<Sim> {
  const tlsReady = makeTlsMaterial();
  tlsReady.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const onError = opts.onError ?? defaultOnError;
  const store = new Store();
  const scenario =
    typeof opts.scenario === 'string' ? await loadScenario(opts.scenario) : opts.scenario;
  let runtime: PodRuntime | undefined;
  const controllers: SimControllers = createControllers({
    store,
    runtime: () => runtime!,
    replaceDelayMs: opts.replaceDelayMs ?? 1000,
    node: SIM_NODE,
    onError,
  });
  runtime = await resolveRuntime(opts.runtime, opts.network ?? 'loopback', controllers.hooks, {
    externalHosts: scenario?.externalHosts ?? [],
    resolveName: async (name, namespace) => resolveServiceName(store, name, namespace),
  });
  const rt = runtime;
  const cleanups: (() => Promise<unknown> | unknown)[] = [
    () => rt.dispose(),
    () => controllers.stop(),
  ];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    // netns implements Services itself and needs ClusterIPs from its own range.
    const serviceCIDR = rt.serviceCIDR ?? DEFAULT_SERVICE_CIDR;
    store.admit = createAdmit(store, { serviceCIDR });
    bootstrapCluster(store, serviceCIDR);
    cleanups.push(await startNetworkSync(store, rt, onError));
    return await assemble(opts, {
      tls: await tlsReady,
      token,
      store,
      scenario,
      runtime: rt,
      controllers,
      cleanups,
      cleanup,
    });
  } catch (err) {
    await cleanup();
    throw err;
  }
}

interface Parts {
  tls: Awaited<ReturnType<typeof makeTlsMaterial>>;
  token: string;
  store: Store;
  scenario: Scenario | undefined;
  runtime: PodRuntime;
  controllers: SimControllers;
  cleanups: (() => Promise<unknown> | unknown)[];
  cleanup(): Promise<void>;
}

async function assemble(opts: SimOptions, p: Parts): Promise<Sim> {
  const { store, runtime, controllers } = p;
  if (p.scenario) applyScenario(store, p.scenario);
  controllers.start();
  let server: ApiServer | undefined;
  const ctx: ServerContext = {
    store,
    runtime,
    token: p.token,
    now: () => store.now(),
    serverAddress: () => `${server?.host ?? '127.0.0.1'}:${server?.port ?? 0}`,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 15_000,
    faults: { refuseWebSocket: false, refuseSpdy: false, refuseAll: false },
    latencyMs: 0,
    streams: createStreamRegistry(),
    watches: createStreamRegistry(),
  };
  server = await startApiServer(ctx, p.tls, {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
  });
  const srv = server;
  p.cleanups.push(
    () => ctx.streams.closeAll(),
    () => ctx.watches.closeAll(),
    () => srv.close(),
  );
  setApiServerEndpoints(store, srv.host, srv.port);
  const kubeconfig = renderKubeconfig({ server: srv.url, caPem: p.tls.caPem, token: p.token });
  const written = await writeKubeconfig(opts.kubeconfigOut, kubeconfig);
  if (written.tempDir)
    p.cleanups.push(() => rm(written.tempDir!, { recursive: true, force: true }));
  const control = createControl(ctx, controllers, () => srv);
  ctx.control = (action, body) => handleControl(ctx, control, action, body);
  let closing: Promise<void> | undefined;
  return {
    ...control,
    ...createSimQueries(store),
    url: srv.url,
    host: srv.host,
    port: srv.port,
    token: p.token,
    kubeconfig,
    kubeconfigPath: written.path,
    caPem: p.tls.caPem,
    store,
    runtime,
    runtimeHooks: controllers.hooks,
    scenario: p.scenario,
    settled: () => controllers.idle(),
    close: () => (closing ??= p.cleanup()),
  };
}
