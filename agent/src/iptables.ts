/**
 * Steal mode's iptables rules, all in this agent's own nat chain `PORTSIDE-<random>` jumped to
 * from PREROUTING (traffic from other pods and Services) and from OUTPUT on `lo` (traffic from
 * inside the pod, including a Kubernetes port-forward, which the kubelet dials on the pod's
 * loopback). Lifetimes: the chain is created on the first steal, removed by the last release and by
 * `removeAll` on every exit path the agent can catch. An own chain per agent means an old agent
 * that exits never removes a newer agent's rules; chains a killed agent left behind are removed
 * by the next agent that starts (see stale-chains.ts).
 */
import { randomBytes } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';

export const CHAIN_PREFIX = 'PORTSIDE-';
export const CHAIN = `${CHAIN_PREFIX}${randomBytes(3).toString('hex').toUpperCase()}`;
export const jumpsTo = (chain: string): string[][] => [
  ['PREROUTING', '-p', 'tcp', '-j', chain],
  ['OUTPUT', '-o', 'lo', '-p', 'tcp', '-j', chain],
];
const JUMPS = jumpsTo(CHAIN);

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
    await run(['-N', CHAIN]);
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

/** Runs iptables synchronously (also from an 'exit' handler); false when it failed. */
export function iptablesSync(args: string[]): boolean {
  try {
    execFileSync('iptables', ['-w', '-t', 'nat', ...args], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false; // already gone, never made, or no iptables/NET_ADMIN here
  }
}

/** Removes a chain and its jumps. */
export function removeChain(chain: string): void {
  for (const jump of jumpsTo(chain)) iptablesSync(['-D', ...jump]);
  iptablesSync(['-F', chain]);
  iptablesSync(['-X', chain]);
}

/** Removes this agent's chain and its jumps (nothing when it never stole). */
export function removeAll(): void {
  if (!ready) return;
  removeChain(CHAIN);
  ready = undefined;
}
