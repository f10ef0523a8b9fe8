import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const PORTSIDE = join(ROOT, 'bin/portside');
const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const hasKubectl = existsSync(KUBECTL);
if (!hasKubectl) console.warn(`cli kubectl checks skipped: ${KUBECTL} not found`);

let dir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kube-sim-cli-'));
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Waits for `pattern` in a growing text, or for the process to exit. */
function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<{ match: RegExpMatchArray; text: () => string }> {
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}; got ${text}`)),
      timeoutMs,
    );
    const check = () => {
      const m = text.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve({ match: m, text: () => text });
      }
    };
    child[stream].on('data', (c: Buffer) => {
      text += c.toString();
      check();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited (${code}) before ${pattern}; got ${text}`));
    });
  });
}

function startSim(...args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(PORTSIDE, ['sim', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', resolve),
  );

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('portside sim', () => {
  it('prints one ready line, serves the demo to kubectl, and stops on SIGTERM', async () => {
    const kubeconfig = join(dir, 'k');
    const child = startSim('--scenario', 'demo', '--kubeconfig-out', kubeconfig);
    const ready = await waitForOutput(
      child,
      'stdout',
      /^kube-sim ready: (https:\/\/127\.0\.0\.1:(\d+)) kubeconfig=(\S+)\n$/,
    );
    expect(ready.match[3]).toBe(kubeconfig);
    if (hasKubectl) {
      const kubectl = (...a: string[]) =>
        promisify(execFile)(
          KUBECTL,
          ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...a],
          { timeout: 20_000 },
        );
      const { stdout } = await kubectl('get', 'pods', '-A', '--no-headers');
      const rows = stdout
        .trim()
        .split('\n')
        .map((r) => r.split(/\s+/));
      expect(rows).toHaveLength(4);
      expect(rows.every((r) => r[2] === '1/1' && r[3] === 'Running')).toBe(true);
      expect((await kubectl('exec', 'postgres-0', '--', 'echo', 'hi')).stdout).toBe('hi\n');
      const pf = spawn(KUBECTL, [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(dir, 'cache'),
        'port-forward',
        'svc/py-serv',
        ':80',
      ]);
      children.push(pf);
      const fwd = await waitForOutput(pf, 'stdout', /Forwarding from 127\.0\.0\.1:(\d+) -> 80/);
      const res = await httpGet(Number(fwd.match[1]), '/');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).pod).toMatch(/^py-serv-/);
      pf.kill();
    }
    expect(ready.text().split('\n').filter(Boolean)).toHaveLength(1);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(existsSync(kubeconfig)).toBe(true);
  });

  it('removes the temp kubeconfig it wrote when interrupted', async () => {
    const child = startSim('--scenario', 'demo');
    const ready = await waitForOutput(child, 'stdout', /kubeconfig=(\S+)\n/);
    const path = ready.match[1]!;
    expect(existsSync(path)).toBe(true);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(existsSync(path)).toBe(false);
  });

  it('reports bad options and unknown scenarios in words', async () => {
    const bad = startSim('--port', 'x');
    const usage = waitForOutput(bad, 'stderr', /--port must be 0–65535/).catch((e: Error) => e);
    expect(await exited(bad)).toBe(2);
    expect(await usage).not.toBeInstanceOf(Error);
    const missing = startSim('--scenario', join(dir, 'nope.yaml'));
    const msg = waitForOutput(missing, 'stderr', /scenario ".*nope\.yaml" not found/).catch(
      (e: Error) => e,
    );
    expect(await exited(missing)).toBe(1);
    expect(await msg).not.toBeInstanceOf(Error);
  });
});
