import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KUBE_SIM_MARKER, writeKubeconfigOut } from './kubeconfig-out.ts';

const dirs: string[] = [];
const dir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'kc-out-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const mode = (p: string): number => statSync(p).mode & 0o777;

describe('writeKubeconfigOut', () => {
  it('writes a new file 0600 with the marker first', async () => {
    const p = join(dir(), 'sub', 'kubeconfig');
    await writeKubeconfigOut(p, 'token: t\n');
    expect(mode(p)).toBe(0o600);
    expect(readFileSync(p, 'utf8')).toBe(`${KUBE_SIM_MARKER}\ntoken: t\n`);
  });

  it('replaces its own earlier file, and a 0644 one becomes 0600', async () => {
    const p = join(dir(), 'kubeconfig');
    writeFileSync(p, `${KUBE_SIM_MARKER}\nold\n`, { mode: 0o644 });
    await writeKubeconfigOut(p, 'token: new\n');
    expect(mode(p)).toBe(0o600);
    expect(readFileSync(p, 'utf8')).toContain('token: new');
  });

  it('never overwrites a file kube-sim did not write (e.g. ~/.kube/config)', async () => {
    const p = join(dir(), 'config');
    writeFileSync(p, 'apiVersion: v1\n# the real cluster\n', { mode: 0o644 });
    await expect(writeKubeconfigOut(p, 'token: t\n')).rejects.toThrow(
      `${p} already exists and was not written by kube-sim; remove it or choose another --kubeconfig-out`,
    );
    expect(readFileSync(p, 'utf8')).toBe('apiVersion: v1\n# the real cluster\n');
  });
});
