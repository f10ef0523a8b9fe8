/**
 * Steal mode's iptables rules, all in one nat chain `PORTSIDE` jumped to from PREROUTING (traffic
 * from other pods and Services) and from OUTPUT on `lo` (traffic from inside the pod, including a
 * Kubernetes port-forward, which the kubelet dials on the pod's loopback). Lifetimes: the chain is
 * created on the first steal and removed by `removeAll` on every exit path the agent can catch;
 * a new agent in the same pod clears what a killed one left behind before it steals.
 */
import { execFile, execFileSync } from 'node:child_process';

export const CHAIN = 'PORTSIDE';
const JUMPS = [
  ['PREROUTING', '-p', 'tcp', '-j', CHAIN],
  ['OUTPUT', '-o', 'lo', '-p', 'tcp', '-j', CHAIN],
];

/** A failure the user can act on: which tool or capability is missing. */
export class StealError extends Error {}

function explain(err: { code?: unknown; message: string; stderr?: string }): StealError {
  if (err.code === 'ENOENT')
    return new StealError(
      'steal needs iptables in the agent image, and this image has none: use the Portside agent image (portside/agent, see agent/README.md) or set -R to listen mode',
    );
  const text = `${err.stderr ?? ''} ${err.message}`;
  if (/permission denied|operation not permitted|must be root/i.test(text))
    return new StealError(
      'steal needs the NET_ADMIN capability for the agent container, and the cluster did not grant it (a PodSecurity policy may forbid it): allow NET_ADMIN for the agent, or use listen mode on a free port',
    );
  return new StealError(`iptables failed: ${(err.stderr ?? err.message).trim()}`);
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('iptables', ['-w', '-t', 'nat', ...args], { timeout: 10_000 }, (err, _out, stderr) =>
      err ? reject(explain(Object.assign(err, { stderr }))) : resolve(),
    );
  });
}

const quiet = (args: string[]): Promise<boolean> =>
  run(args).then(
    () => true,
    () => false,
  );

let ready: Promise<void> | undefined;

/** Creates the chain and its jumps once (flushing rules a killed agent left). */
function ensureChain(): Promise<void> {
  ready ??= (async () => {
    if (!(await quiet(['-N', CHAIN]))) await run(['-F', CHAIN]);
    for (const jump of JUMPS) if (!(await quiet(['-C', ...jump]))) await run(['-I', ...jump]);
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

const redirect = (port: number, to: number): string[] => [
  CHAIN,
  '-p',
  'tcp',
  '--dport',
  String(port),
  '-j',
  'REDIRECT',
  '--to-ports',
  String(to),
];

let stolen = 0;

/** Redirects TCP traffic for `port` to the agent's own listener on `to`. */
export async function stealPort(port: number, to: number): Promise<void> {
  await ensureChain();
  await run(['-A', ...redirect(port, to)]);
  stolen++;
}

/** Stops redirecting `port`; the last release removes the chain, so the pod is as it was. */
export async function releasePort(port: number, to: number): Promise<void> {
  await quiet(['-D', ...redirect(port, to)]);
  if (--stolen === 0) removeAll();
}

/** Removes the chain and its jumps, synchronously so it also runs in an 'exit' handler. */
export function removeAll(force = false): void {
  if (!ready && !force) return;
  const sync = (args: string[]): void => {
    try {
      execFileSync('iptables', ['-w', '-t', 'nat', ...args], { stdio: 'ignore', timeout: 5000 });
    } catch {
      // already gone, or never made
    }
  };
  for (const jump of JUMPS) sync(['-D', ...jump]);
  sync(['-F', CHAIN]);
  sync(['-X', CHAIN]);
  ready = undefined;
}
