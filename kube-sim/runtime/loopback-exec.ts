/** `kubectl exec … -- node …` in a node/agent container: a real child process, stdio wired through. */
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import type { ExecIO } from './types.ts';

/** Runs `node` with the container's env; resolves with its exit code (128+n for signal n). */
export function execInProcess(
  argv: string[],
  env: Record<string, string>,
  io: ExecIO,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv.slice(1), {
      env,
      cwd: tmpdir(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.pipe(io.stdout, { end: false });
    child.stderr.pipe(io.stderr, { end: false });
    child.stdin.on('error', () => undefined);
    if (io.stdin) io.stdin.pipe(child.stdin);
    else child.stdin.end();
    // The exec stream went away: nobody reads the output, so stop the command like the kubelet.
    io.stdout.once('close', () => child.kill('SIGKILL'));
    child.once('error', (err) => {
      io.stderr.write(`exec: "node": ${err.message}\n`);
      resolve(127);
    });
    child.once('close', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
  });
}
