import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pathTxt = join(root, 'node_modules/electron/path.txt');
const hasElectron =
  existsSync(pathTxt) &&
  existsSync(join(root, 'node_modules/electron/dist', readFileSync(pathTxt, 'utf8').trim()));
const hasSim = existsSync(join(root, 'kube-sim/cli.ts'));
const demoDirs = () => new Set(readdirSync(tmpdir()).filter((d) => d.startsWith('portside-demo-')));

let demo: ChildProcess | undefined;
afterAll(() => {
  // Only if the test failed half-way: the demo runs in its own process group, stop all of it.
  if (demo?.pid && demo.exitCode === null) process.kill(-demo.pid, 'SIGKILL');
});

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (res) => (res.resume(), resolve(res.statusCode ?? 0)))
      .on('error', reject)
      .end();
  });
}

if (hasElectron)
  console.warn(
    'demo.test: the Electron binary is installed; the browser fallback is not exercised here',
  );

describe.skipIf(hasElectron)('npm run demo without the Electron binary', () => {
  it('says so in one line, serves the browser UI, and Ctrl-C stops everything', async () => {
    const before = demoDirs();
    // The demo keeps its rules under $XDG_CONFIG_HOME: a throwaway one, never the user's.
    const config = mkdtempSync(join(tmpdir(), 'portside-xdg-'));
    // Own process group, like a terminal's foreground job: the group gets the Ctrl-C.
    demo = spawn(process.execPath, [join(root, 'scripts/demo.mjs'), '--no-open'], {
      cwd: root,
      env: { ...process.env, XDG_CONFIG_HOME: config },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    demo.stdout?.setEncoding('utf8').on('data', (s: string) => (out += s));
    demo.stderr?.setEncoding('utf8').on('data', (s: string) => (out += s));
    const exited = new Promise<number | null>((resolve) =>
      demo?.once('exit', (code) => resolve(code)),
    );

    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
      demo?.stdout?.on('data', () => {
        const m = /^Portside UI: (\S+)$/m.exec(out);
        if (!m?.[1]) return;
        clearTimeout(timer);
        resolve(m[1]);
      });
      void exited.then(
        () => (clearTimeout(timer), reject(new Error(`demo exited early:\n${out}`))),
      );
    });
    expect(out.split('\n').filter((l) => l.includes('Electron binary is missing'))).toEqual([
      'demo: the Electron binary is missing (node_modules/electron/dist); starting the browser UI instead.',
    ]);
    expect(await get(url)).toBe(200);
    expect(out).toContain(
      `demo: rules and profiles are kept in ${join(config, 'portside', 'demo')}`,
    );
    const sim = /^kube-sim ready: (https:\/\/\S+) kubeconfig=(\S+)$/m.exec(out);
    if (hasSim) {
      expect(sim, out).not.toBeNull();
      expect(out.indexOf('kube-sim ready:')).toBeLessThan(out.indexOf('Portside UI:'));
    }

    process.kill(-(demo.pid as number), 'SIGINT');
    expect(await exited, out).toBe(0);
    await expect(get(url)).rejects.toThrow(/ECONNREFUSED/);
    if (sim?.[2]) expect(existsSync(sim[2])).toBe(false);
    expect([...demoDirs()].filter((d) => !before.has(d))).toEqual([]);
    rmSync(config, { recursive: true, force: true });
  }, 90_000);
});
