/** `portside sim`: runs kube-sim until SIGINT/SIGTERM, printing one ready line for scripts to wait on. */
import { parseArgs } from 'node:util';
import { PortsideError, errorText } from '../shared/errors.ts';

const usage = `usage: portside sim [--scenario demo|FILE] [--kubeconfig-out PATH] [--port N] [--network netns|loopback]

Runs a simulated Kubernetes cluster (kube-sim) on https://127.0.0.1:PORT and prints
  kube-sim ready: https://127.0.0.1:PORT kubeconfig=PATH
once it accepts requests. Stop it with Ctrl-C.

  --scenario        built-in scenario name or a YAML/JSON manifest file (default: demo)
  --kubeconfig-out  write the kubeconfig here (default: a temp file, removed on exit)
  --port            port to listen on (default: any free port)
  --network         pod network: netns (pods are network namespaces; the default as root when
                    ip netns works) or loopback (pods served in-process; the default otherwise)`;

interface CliOptions {
  scenario: string;
  kubeconfigOut?: string;
  port: number;
  network: 'loopback' | 'netns' | 'auto';
}

function parse(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', default: 'demo' },
      'kubeconfig-out': { type: 'string' },
      port: { type: 'string', default: '0' },
      network: { type: 'string', default: 'auto' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new PortsideError('Validation', `--port must be 0–65535 (got ${values.port})`);
  if (values.network !== 'loopback' && values.network !== 'netns' && values.network !== 'auto') {
    throw new PortsideError(
      'Validation',
      `--network must be loopback or netns (got ${values.network})`,
    );
  }
  return {
    scenario: values.scenario!,
    kubeconfigOut: values['kubeconfig-out'],
    port,
    network: values.network,
  };
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** netns when it can work here (root, ip netns, iptables, setpriv), else loopback, saying why. */
async function pickNetwork(): Promise<'loopback' | 'netns'> {
  const { netnsUnavailableReason } = await import('./runtime/netns/available.ts');
  const reason = netnsUnavailableReason();
  if (reason) console.error(`kube-sim: loopback pod network (${reason})`);
  return reason ? 'loopback' : 'netns';
}

/** Entry point of `bin/portside sim`; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  let opts: CliOptions | 'help';
  try {
    opts = parse(argv);
  } catch (err) {
    console.error(`portside sim: ${errorText(err)}\n\n${usage}`);
    return 2;
  }
  if (opts === 'help') {
    console.log(usage);
    return 0;
  }
  const signal = untilSignal();
  const network = opts.network === 'auto' ? await pickNetwork() : opts.network;
  // Loaded after the options are parsed, so `--help` and mistakes answer fast.
  const { createSim } = await import('./control/sim.ts');
  let sim;
  try {
    sim = await createSim({
      scenario: opts.scenario,
      kubeconfigOut: opts.kubeconfigOut,
      port: opts.port,
      network,
    });
  } catch (err) {
    if (!(err instanceof PortsideError) && !(err as { code?: string }).code) throw err;
    console.error(`portside sim: ${errorText(err)}`);
    return 1;
  }
  // Best effort: let the scenario's pods come up so the first `kubectl get pods` shows them Running.
  await sim
    .waitForWorkloads({ timeoutMs: 15_000 })
    .catch(() => console.error('kube-sim: some workloads are not ready yet'));
  console.log(`kube-sim ready: ${sim.url} kubeconfig=${sim.kubeconfigPath}`);
  await signal;
  await sim.close();
  return 0;
}
