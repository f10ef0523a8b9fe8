/**
 * Writing the sim's kubeconfig to a path the user chose (`--kubeconfig-out`). It holds a bearer
 * token, so it is written 0600 — also when a file was already there (writeFile's `mode` only
 * applies to new files, so an old 0644 file stayed world-readable). A file kube-sim did not write
 * (say ~/.kube/config) is never overwritten; one from an earlier sim run is replaced, atomically.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PortsideError } from '../../shared/errors.ts';

/** First line of every kubeconfig kube-sim writes; how a later run recognises its own file. */
export const KUBE_SIM_MARKER = '# written by kube-sim (portside sim); safe to delete';

async function existing(path: string): Promise<string | undefined> {
  try {
    // Only the start is needed to find the marker; never read an unbounded file.
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(KUBE_SIM_MARKER.length);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PortsideError('Validation', `cannot check ${path} before writing the kubeconfig`);
  }
}

/** Writes `text` to `path` with mode 0600; refuses to replace a file kube-sim did not write. */
export async function writeKubeconfigOut(path: string, text: string): Promise<void> {
  const before = await existing(path);
  if (before !== undefined && !before.startsWith(KUBE_SIM_MARKER))
    throw new PortsideError(
      'Validation',
      `${path} already exists and was not written by kube-sim; remove it or choose another --kubeconfig-out`,
    );
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${KUBE_SIM_MARKER}\n${text}`, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600); // the umask cannot widen it, but be explicit
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
