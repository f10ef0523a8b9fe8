/**
 * `portside serve`: the Portside UI in any browser. Imports stay lazy so the URL line appears
 * within a fraction of the 5 s budget (measured by e2e/browser.spec.ts).
 */
import { parseArgs } from 'node:util';
import { isLoopbackHost } from '../../shared/mirrord-syntax/host.ts';
import { errorText } from '../../shared/errors.ts';

const usage = `usage: portside serve [--port N] [--host 127.0.0.1] [--kubeconfig PATH] [--state-dir DIR] [--no-open]

Serves the Portside UI and prints a URL carrying a secret token (valid until serve stops;
keep it private, it is not written to any log):
  Portside UI: http://127.0.0.1:PORT/?token=…

  --port N           port to listen on (default 0: any free port)
  --host ADDR        address to bind (default 127.0.0.1; anything else is reachable from other machines)
  --kubeconfig PATH  kubeconfig for the rules added from the UI (default: $KUBECONFIG, ~/.kube/config)
  --state-dir DIR    where rules, profiles and settings are kept (default: $XDG_CONFIG_HOME/portside,
                     else ~/.config/portside)
  --no-open          do not open a browser`;

export interface ServeOptions {
  port: number;
  host: string;
  kubeconfig?: string;
  stateDir?: string;
  open: boolean;
}

/** Parses the command line; returns an error message for bad input. */
export function parseServeArgs(argv: string[]): ServeOptions | { help: true } | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        kubeconfig: { type: 'string' },
        'state-dir': { type: 'string' },
        'no-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { error: errorText(err) };
  }
  if (values.help) return { help: true };
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { error: `--port must be a number from 0 to 65535, got '${values.port}'` };
  }
  return {
    port,
    host: values.host ?? '127.0.0.1',
    kubeconfig: values.kubeconfig,
    ...(values['state-dir'] ? { stateDir: values['state-dir'] } : {}),
    open: !values['no-open'],
  };
}

/** The warning for a bind that other machines can reach, or null for a loopback bind. */
export function exposureWarning(host: string): string | null {
  if (isLoopbackHost(host)) return null;
  return `Warning: listening on ${host} makes the UI reachable from other machines; anyone with the URL controls your forwards.`;
}

/** Resolves when SIGINT or SIGTERM arrives; a second signal exits at once. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A second signal means "now": skip the clean shutdown.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Entry point for `portside serve`; resolves with the exit code after a clean shutdown. */
export async function main(argv: string[]): Promise<number> {
  const opts = parseServeArgs(argv);
  if ('help' in opts) {
    console.log(usage);
    return 0;
  }
  if ('error' in opts) {
    console.error(`portside serve: ${opts.error}\n\n${usage}`);
    return 2;
  }
  const { runWebHost } = await import('./run-web-host.ts');
  const { defaultStateDir } = await import('../engine/rules/state-dir.ts');
  const warning = exposureWarning(opts.host);
  if (warning) console.warn(warning);
  const running = await runWebHost({
    port: opts.port,
    host: opts.host,
    kubeconfig: opts.kubeconfig,
    stateDir: opts.stateDir ?? defaultStateDir(),
  });
  if (!running.ok) {
    console.error(`portside serve: ${running.message}`);
    return 1;
  }
  console.log(`Portside UI: ${running.host.url}`);
  if (opts.open) (await import('./open-browser.ts')).openBrowser(running.host.url);
  await untilSignal();
  await running.stop();
  // Safety net only: a handle someone forgot must not keep a stopped server alive.
  setTimeout(() => process.exit(0), 2000).unref();
  return 0;
}
