/** Wires a real engine to the browser host: what `portside serve` runs after parsing its flags. */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../engine/api/engine.ts';
import { startWebHost, type WebHost } from './web-host.ts';
import { errorText } from '../../shared/errors.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where `npm run build` puts the renderer. */
export const defaultStaticDir = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export interface RunOptions {
  port: number;
  host: string;
  kubeconfig?: string;
  staticDir?: string;
  /** Where rules, profiles and settings persist; without it they live in memory only. */
  stateDir?: string;
}

export type Running =
  { ok: true; host: WebHost; stop(): Promise<void> } | { ok: false; message: string };

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(`${repoRoot}package.json`, 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function listenError(err: unknown, opts: RunOptions): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return `port ${opts.port} on ${opts.host} is already in use; pick another with --port`;
  if (code === 'EADDRNOTAVAIL') return `${opts.host} is not an address of this machine`;
  if (code === 'EACCES') return `not allowed to listen on port ${opts.port}; use a port above 1023`;
  return `could not listen on ${opts.host}:${opts.port}: ${errorText(err)}`;
}

/** Starts engine + host; on failure nothing is left running. */
export async function runWebHost(opts: RunOptions): Promise<Running> {
  const staticDir = opts.staticDir ?? defaultStaticDir;
  const index = join(staticDir, 'index.html');
  try {
    await access(index);
  } catch {
    return { ok: false, message: `the UI is not built (no ${index}); run \`npm run build\` first` };
  }
  // The engine reads the kubeconfig the way kubectl does; --kubeconfig wins over the environment.
  if (opts.kubeconfig) process.env.KUBECONFIG = opts.kubeconfig;
  // The engine pulls in the Kubernetes client (seconds on a busy machine): load it while the
  // server already listens, so the URL line comes at once; early requests wait for it.
  const engine: Promise<Engine> = import('../engine/create-engine.ts').then((m) =>
    m.createEngine({
      watchKubeconfig: true,
      ...(opts.stateDir ? { stateDir: opts.stateDir } : {}),
    }),
  );
  let loaded: Engine | null = null;
  engine.then((e) => (loaded = e)).catch(() => undefined);
  // A stop during loading disposes the engine once it is there, without waiting for it.
  const dispose = async (): Promise<void> => {
    if (loaded) return loaded.dispose();
    engine.then((e) => e.dispose()).catch(() => undefined);
  };
  try {
    const host = await startWebHost({
      engine,
      port: opts.port,
      host: opts.host,
      staticDir,
      version: await packageVersion(),
    });
    const stop = async (): Promise<void> => {
      await host.close();
      await dispose();
    };
    return { ok: true, host, stop };
  } catch (err) {
    await dispose();
    return { ok: false, message: listenError(err, opts) };
  }
}
