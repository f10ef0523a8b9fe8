/**
 * `bin/portside port-forward` as a real process, against the probe findings: a closed stdout
 * (EPIPE) must not kill the forwards, and the first Ctrl-C must stop even while the API server
 * accepts connections and never answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../testing/wait.ts';
import { freePort } from '../../e2e/testing/free-port.ts';
import { startCli, startTarpit, writeKubeconfig, type Tarpit } from './testing/cli-process.ts';

let dir: string;
let tarpit: Tarpit;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portside-cli-'));
  tarpit = await startTarpit();
});
afterAll(async () => {
  await tarpit.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a TCP connection to the forward and resolves when it ends (with or without data). */
function touch(port: number): Promise<void> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    s.on('connect', () => s.end('ping'));
  });
}

const listenPort = (line: string | undefined): number =>
  Number(/127\.0\.0\.1:(\d+)/.exec(line ?? '')?.[1] ?? 0);

describe('bin/portside port-forward as a process', () => {
  it('keeps forwarding after its stdout reader exits (| head -1), with no stack trace', async () => {
    const kubeconfig = writeKubeconfig(dir, 'https://127.0.0.1:1'); // nothing listens there
    const spec = `${await freePort()}:py-serv:80`;
    const cli = startCli(['port-forward', '-L', spec, '--kubeconfig', kubeconfig]);
    await until(() => cli.stdout.length >= 1, 'the rule line', 20_000);
    const port = listenPort(cli.stdout[0]);
    expect(port).toBeGreaterThan(0);
    cli.child.stdout?.destroy(); // what `head -1` does after its line
    await touch(port);
    await touch(port); // each ends with a line that now hits a closed pipe
    await until(() => cli.stderr.some((l) => l.includes('standard output was closed')), 'notice');
    await touch(port);
    expect(cli.exitCode()).toBeUndefined(); // still running, still accepting
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr.join('\n')).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('stops on the first Ctrl-C while the API server never answers', async () => {
    const kubeconfig = writeKubeconfig(dir, `https://127.0.0.1:${tarpit.port}`);
    const spec = `${await freePort()}:py-serv:80`;
    const cli = startCli(['port-forward', '-L', spec, '--kubeconfig', kubeconfig]);
    await until(() => cli.stdout.length >= 1, 'the rule line', 20_000);
    const port = listenPort(cli.stdout[0]);
    const before = tarpit.accepted;
    const client = connect(port, '127.0.0.1');
    client.on('error', () => undefined);
    await until(() => tarpit.accepted > before, 'the engine to call the frozen API server');
    cli.child.kill('SIGINT'); // once
    // The deadline sits below the API request limit (10 s, time-limits.ts): a stop that waited
    // for the frozen server to be given up on would miss it.
    await until(() => cli.exitCode() !== undefined, 'exit after one Ctrl-C', 8_000);
    expect(cli.exitCode()).toBe(0);
    client.destroy();
  });
});
