/** Runs the iproute2/iptables tools the netns runtime drives, with their output as data. */
import { spawn } from 'node:child_process';
import { PortsideError } from '../../../shared/errors.ts';

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args`, feeding `input` on stdin; never rejects for a non-zero exit. */
export function runCmd(file: string, args: string[], input?: string): Promise<CmdResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Like runCmd but throws an Internal PortsideError naming the command when it fails. */
export async function runOk(file: string, args: string[], input?: string): Promise<string> {
  const r = await runCmd(file, args, input);
  if (r.code !== 0) {
    const what = [file, ...args].join(' ');
    const detail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join('; ');
    throw new PortsideError(
      'Internal',
      `kube-sim netns: "${what}" failed (exit ${r.code}): ${detail}`,
    );
  }
  return r.stdout;
}

/** Runs several `ip` commands in one process (`ip [-n ns] -batch -`): one fork per batch. */
export function ipBatch(lines: string[], ns?: string): Promise<string> {
  const args = ns ? ['-n', ns, '-batch', '-'] : ['-batch', '-'];
  return runOk('ip', args, lines.join('\n') + '\n');
}

/** Runs a command inside network namespace `ns`. */
export function inNs(ns: string, file: string, args: string[], input?: string): Promise<string> {
  return runOk('ip', ['netns', 'exec', ns, file, ...args], input);
}
