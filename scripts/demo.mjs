#!/usr/bin/env node
/**
 * `npm run demo [-- --no-open]`: build what is missing or stale, start the demo cluster (kube-sim)
 * when it exists, then the app: Electron when its binary is installed, else the browser host.
 * Ctrl-C stops everything; every child is ours to stop and the temp dir ours to remove.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin/portside');
const children = new Set();
let stopping = false;

/** Newest mtime under the given paths (files or folders), test files left out. */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') visit(join(p, e));
    } else if (!/\.test\.tsx?$/.test(p)) max = Math.max(max, st.mtimeMs);
  };
  paths.forEach((p) => visit(join(root, p)));
  return max;
}

function stale(output, sources) {
  const out = join(root, output);
  return !existsSync(out) || statSync(out).mtimeMs < newest(sources);
}

function electronBinary() {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

function run(cmd, args) {
  console.log(`demo: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Builds only what this run needs: the renderer always, the Electron bundles when Electron runs. */
function buildIfNeeded(withElectron) {
  const rendererStale = stale('dist/renderer/index.html', [
    'renderer',
    'shared',
    'vite.renderer.mts',
  ]);
  const electronStale =
    withElectron &&
    stale('dist-electron/main.js', [
      'electron/main',
      'electron/preload',
      'electron/engine',
      'shared',
      'vite.electron.mts',
    ]);
  if (withElectron && (rendererStale || electronStale)) run('npm', ['run', '-s', 'build']);
  else if (rendererStale)
    run(process.execPath, [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '-c',
      'vite.renderer.mts',
    ]);
}

/** Spawns a child in our process group (a terminal's Ctrl-C reaches it directly) and tracks it. */
function start(cmd, args, env = {}) {
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  child.exited = new Promise((resolve) =>
    child.once('exit', (code, sig) => resolve(code ?? (sig ? 1 : 0))),
  );
  child.exited.then(() => children.delete(child));
  return child;
}

/** Waits for a stdout line matching `re`, echoing every line; null if the child exits first. */
function waitLine(child, re, timeoutMs) {
  return new Promise((resolve) => {
    let buf = '';
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      process.stdout.write(chunk);
      buf += chunk;
      const m = re.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.exited.then(() => (clearTimeout(timer), resolve(null)));
  });
}

/** The demo cluster, or null (with one line saying why) when kube-sim is absent or fails. */
async function startSim(dir) {
  if (!existsSync(join(root, 'kube-sim/cli.ts'))) {
    console.log(
      'demo: kube-sim is not available in this checkout; starting without a demo cluster.',
    );
    return null;
  }
  const sim = start(cli, [
    'sim',
    '--scenario',
    'demo',
    '--kubeconfig-out',
    join(dir, 'kubeconfig'),
  ]);
  const m = await waitLine(sim, /kube-sim ready: \S+ kubeconfig=(\S+)/, 60_000);
  if (m) return { child: sim, kubeconfig: m[1] };
  if (stopping) return null;
  console.log('demo: the demo cluster did not start (see above); starting without it.');
  sim.kill('SIGTERM');
  return null;
}

/** Stops every child: they got a terminal's SIGINT themselves; anyone still running gets SIGTERM. */
async function stopAll() {
  if (stopping) return;
  stopping = true;
  const all = [...children];
  const grace = setTimeout(() => all.forEach((c) => c.kill('SIGTERM')), 5000);
  await Promise.all(all.map((c) => c.exited));
  clearTimeout(grace);
}

/**
 * The demo's state folder: `$XDG_CONFIG_HOME/portside/demo` (else `~/.config/portside/demo`), so
 * the demo's rules survive a restart of the demo but never mix with the rules of real clusters.
 */
function demoStateDir(env = process.env, home = homedir()) {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.config');
  return join(base, 'portside', 'demo');
}

/** Electron when its binary exists, else the browser host (saying so in one line). */
function startApp(electron, kubeconfig, passThrough) {
  let app;
  const stateDir = demoStateDir();
  console.log(`demo: rules and profiles are kept in ${stateDir}`);
  if (electron) {
    // KUBECONFIG too: the engine reads it like kubectl, whatever the host does with ours.
    const env = kubeconfig ? { PORTSIDE_KUBECONFIG: kubeconfig, KUBECONFIG: kubeconfig } : {};
    app = start(electron, [root, ...passThrough], { ...env, PORTSIDE_USER_DATA_DIR: stateDir });
  } else {
    console.log(
      'demo: the Electron binary is missing (node_modules/electron/dist); starting the browser UI instead.',
    );
    app = start(cli, [
      'serve',
      ...(kubeconfig ? ['--kubeconfig', kubeconfig] : []),
      '--state-dir',
      stateDir,
      ...passThrough,
    ]);
  }
  app.stdout.pipe(process.stdout);
  return app;
}

async function main() {
  const passThrough = process.argv.slice(2);
  const electron = electronBinary();
  buildIfNeeded(Boolean(electron));
  const dir = mkdtempSync(join(tmpdir(), 'portside-demo-'));
  const onSignal = () => void stopAll();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const sim = await startSim(dir);
    if (stopping) return 0;
    const app = startApp(electron, sim?.kubeconfig, passThrough);
    // After Ctrl-C the app's own exit code says whether it stopped cleanly.
    const code = await app.exited;
    await stopAll();
    return code;
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll();
    process.exit(1);
  },
);
