/** Every corpus kubeconfig through the engine's loader: one clean KubeConfig error each. */
import { afterAll, describe, expect, it } from 'vitest';
import { PortsideError } from '../../shared/errors.ts';
import { loadKubeConfigAsync } from '../../electron/engine/kube/kubeconfig.ts';
import { corpusFiles, specialFiles, tally, uncleanReason } from './corpus.ts';

const special = specialFiles('kubeconfig');
afterAll(() => special.cleanup());
const SECRET = 'SECRET-IN-WRONG-FILE-123';

describe('bad inputs: kubeconfig loading', () => {
  it('answers every entry with a one-line KubeConfig error, in bounded time and memory', async () => {
    const t = tally('kubeconfig loading');
    const heapBefore = process.memoryUsage().heapUsed;
    for (const entry of [...corpusFiles('kubeconfig'), ...special.entries]) {
      const err = await Promise.race([
        loadKubeConfigAsync({ kubeconfig: entry.path }).then(
          () => new Error('loaded'),
          (e: unknown) => e,
        ),
        new Promise((r) => setTimeout(() => r(new Error('hung for 5 s')), 5000)),
      ]);
      const typed = err instanceof PortsideError && err.kind === 'KubeConfig';
      t.check(entry.name, typed ? uncleanReason(err.message, SECRET) : `not typed: ${String(err)}`);
    }
    t.print();
    expect(t.unclean).toEqual([]);
    // /dev/zero once grew to 11 GB; now nothing past the 4 MiB limit is read. The bound is loose
    // because parse garbage (the deep and alias entries) is not collected yet when we measure.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
  });
});
