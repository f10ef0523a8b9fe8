/**
 * Exec pieces shared by the WebSocket and SPDY transports: the query the apiserver forwards
 * (`command=…&stdin=…`) and the final metav1.Status the kubelet reports (docs/kube-wire.md §7).
 */
import type { ExecIO } from '../runtime/types.ts';
import type { StreamContext } from './context.ts';
import { errorText } from '../../shared/errors.ts';

export interface ExecOptions {
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Reads exec options from the request URL the way the apiserver/kubelet do. */
export function parseExecQuery(url: string | undefined): ExecOptions {
  const query = new URL(url ?? '/', 'http://sim.invalid').searchParams;
  const flag = (name: string): boolean =>
    ['true', '1'].includes((query.get(name) ?? '').toLowerCase());
  return {
    command: query.getAll('command'),
    stdin: flag('stdin'),
    stdout: flag('stdout'),
    stderr: flag('stderr'),
    tty: flag('tty'),
  };
}

export interface ExecStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: Array<{ reason?: string; message: string }> };
  code?: number;
}

/** The Status the kubelet writes after a command ran (kubelet's `writeStatus`). */
export function exitStatus(exitCode: number, argv: string[]): ExecStatus {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** The Status for a command that could not be started at all. */
export function failureStatus(err: unknown): ExecStatus {
  const reason = errorText(err);
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: error executing command in container: ${reason}`,
    reason: 'InternalError',
    details: { causes: [{ message: `error executing command in container: ${reason}` }] },
    code: 500,
  };
}

/** Runs the command through the pod runtime and turns the outcome into a Status. */
export async function runForStatus(
  ctx: StreamContext & { container: string },
  argv: string[],
  io: ExecIO,
): Promise<ExecStatus> {
  try {
    if (argv.length === 0)
      throw new Error('you must specify at least one command for the container');
    return exitStatus(await ctx.runtime.exec(ctx.pod, ctx.container, argv, io), argv);
  } catch (err) {
    return failureStatus(err);
  }
}
