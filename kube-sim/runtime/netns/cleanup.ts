/**
 * Ownership markers and stale-run cleanup. A run writes /run/portside-sim/<runid>/owner (its pid)
 * BEFORE creating any namespace; at start every run removes the namespaces, /etc/netns dirs and
 * state dirs of runs whose owner pid is dead. A live owner's things are never touched, so two
 * concurrent runs (two test files, two sims) cannot tear each other down.
 */
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ETC_NETNS, NAME_PREFIX, STATE_ROOT, runIdOf, type RunNames } from './names.ts';
import { runCmd } from './run-cmd.ts';
import { removeNamespace } from './topology.ts';

/** Writes the owner marker of a run. */
export async function claimRun(n: RunNames, pid = process.pid): Promise<void> {
  await mkdir(n.stateDir, { recursive: true, mode: 0o700 });
  // Written whole under a temporary name, then renamed: readers never see a half-written pid.
  await writeFile(`${n.ownerFile}.tmp`, `${pid}\n`);
  await rename(`${n.ownerFile}.tmp`, n.ownerFile);
}

/** True if a process with this pid exists (EPERM still means it exists). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A state dir this young without a readable owner is a run being claimed right now. */
const CLAIM_WINDOW_MS = 60_000;

/** Run ids whose owner is alive (or that are being claimed), from the markers under `stateRoot`. */
async function liveRunIds(stateRoot: string): Promise<Set<string>> {
  const live = new Set<string>();
  for (const id of await readdir(stateRoot).catch(() => [] as string[])) {
    const dir = join(stateRoot, id);
    const owner = (await readFile(join(dir, 'owner'), 'utf8').catch(() => '')).trim();
    if (owner ? pidAlive(Number(owner)) : await isYoung(dir)) live.add(id);
  }
  return live;
}

async function isYoung(path: string): Promise<boolean> {
  const st = await stat(path).catch(() => undefined);
  return st !== undefined && Date.now() - st.mtimeMs < CLAIM_WINDOW_MS;
}

/** Names of all network namespaces that look like ours. */
export async function listOurNamespaces(): Promise<string[]> {
  const r = await runCmd('ip', ['netns', 'list']);
  return r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(NAME_PREFIX));
}

/** Removes everything left by runs whose owner died; returns the run ids it cleaned. */
export async function cleanStaleRuns(): Promise<string[]> {
  const stateRoot = STATE_ROOT;
  // Names first, owners second: a run claims its marker before creating anything, so whatever we
  // saw here is already claimed when we read the markers (the reverse order would race).
  const namespaces = await listOurNamespaces();
  const etcDirs = (await readdir(ETC_NETNS).catch(() => [] as string[])).filter((d) =>
    d.startsWith(NAME_PREFIX),
  );
  const stateDirs = await readdir(stateRoot).catch(() => [] as string[]);
  const live = await liveRunIds(stateRoot);
  const stale = new Set<string>();
  for (const name of [...namespaces, ...etcDirs]) {
    const id = runIdOf(name);
    if (id && !live.has(id)) stale.add(id);
  }
  for (const id of stateDirs) {
    if (!live.has(id)) stale.add(id);
  }
  // Pods first, node and world last: sandboxes die before the DNS and routes they use.
  const victims = namespaces.filter((ns) => stale.has(runIdOf(ns) ?? ''));
  victims.sort(
    (a, b) =>
      Number(a.endsWith('-node') || a.endsWith('-world')) -
      Number(b.endsWith('-node') || b.endsWith('-world')),
  );
  for (const ns of victims) await removeNamespace(ns);
  for (const dir of etcDirs) {
    if (stale.has(runIdOf(dir) ?? ''))
      await rm(join(ETC_NETNS, dir), { recursive: true, force: true });
  }
  for (const id of stale) await rm(join(stateRoot, id), { recursive: true, force: true });
  return [...stale];
}

/** Removes all of one run's things (its own dispose, or a test). */
export async function removeRun(n: RunNames): Promise<void> {
  const mine = (await listOurNamespaces()).filter((ns) => runIdOf(ns) === n.runId);
  const pods = mine.filter((ns) => ns !== n.nodeNs && ns !== n.worldNs);
  await Promise.all(pods.map(removeNamespace));
  await Promise.all([n.nodeNs, n.worldNs].filter((ns) => mine.includes(ns)).map(removeNamespace));
  const etcDirs = (await readdir(ETC_NETNS).catch(() => [] as string[])).filter(
    (d) => runIdOf(d) === n.runId,
  );
  await Promise.all(etcDirs.map((d) => rm(join(ETC_NETNS, d), { recursive: true, force: true })));
  await rm(n.stateDir, { recursive: true, force: true });
}
