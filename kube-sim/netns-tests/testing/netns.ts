/** Shared helpers of the netns integration tests. */
import { execFileSync } from 'node:child_process';
import { PassThrough, type Duplex } from 'node:stream';
import { machineBinary } from '../../runtime/netns/tool-dirs.ts';
import type { ContainerSpec, PodRef, PodRuntime, PodSpecForRuntime } from '../../runtime/types.ts';

export { netnsUnavailableReason } from '../../runtime/netns/available.ts';

/**
 * An HTTP GET as a pod would run it: real curl when the machine has it (app images list curl),
 * else kube-sim's `http-get` built-in, which uses curl's exit codes (7 = could not connect).
 */
export function httpGet(url: string): string[] {
  return machineBinary('curl') ? ['curl', '-s', '--max-time', '5', url] : ['http-get', url];
}

/** A pod spec with one container per entry. */
export function podSpec(
  name: string,
  containers: ContainerSpec[],
  namespace = 'default',
): PodSpecForRuntime {
  return { namespace, name, uid: `${name}-${Math.random().toString(36).slice(2, 8)}`, containers };
}

/** A sim http app container on `port`. */
export const httpContainer = (port = 80, name = 'app'): ContainerSpec => ({
  name,
  image: 'portside/sim-http:1',
  ports: [{ containerPort: port, name: 'http' }],
});

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs argv in a pod's container and collects its output. */
export async function execIn(
  rt: PodRuntime,
  pod: PodRef,
  container: string,
  argv: string[],
  stdin?: string,
): Promise<ExecResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const input = stdin === undefined ? undefined : PassThrough.from([Buffer.from(stdin)]);
  const code = await rt.exec(pod, container, argv, { stdin: input, stdout, stderr });
  return { code, stdout: out, stderr: err };
}

/** Sends `request` over a duplex, half-closes, and resolves with everything read back. */
export function roundTrip(stream: Duplex, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    stream.on('data', (d: Buffer) => (data += d.toString()));
    stream.on('end', () => resolve(data));
    stream.on('error', reject);
    stream.end(request);
  });
}

/** Names of all network namespaces on the machine. */
export function netnsList(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter(Boolean);
}
