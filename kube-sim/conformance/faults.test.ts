import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../index.ts';
import { hasKubectl, Kubectl, type PortForward } from './kubectl.ts';
import { startConformanceSim } from './scenario.ts';
import { download } from './transfer.ts';

let sim: Sim;
let pod: string;
let kubectl: Kubectl;
const forwards: PortForward[] = [];

describe.skipIf(!hasKubectl('1.33'))(
  'faults against kubectl 1.33: refused upgrades, closed streams',
  () => {
    beforeAll(async () => {
      ({ sim, pod } = await startConformanceSim());
      kubectl = new Kubectl('1.33', sim.kubeconfigPath);
    });
    afterAll(async () => {
      await kubectl?.dispose();
      await sim?.close();
    });
    afterEach(async () => {
      sim.refuseUpgrades('none');
      await Promise.all(forwards.splice(0).map((f) => f.stop()));
    });

    it('a refused WebSocket upgrade makes port-forward fall back to SPDY, which still works', async () => {
      sim.refuseUpgrades('websocket');
      const pf = await kubectl.portForward(`pod/${pod}`, [80], { verbose: true });
      forwards.push(pf);
      expect(await download(pf.ports.get(80)!, 1024 * 1024, 9)).toEqual({
        ok: true,
        bytes: 1024 * 1024,
      });
      expect(pf.stderr()).toMatch(
        /fallback to secondary dialer from primary dialer err:[^\n]*refused by kube-sim/,
      );
      expect(pf.stderr()).toMatch(/POST\W[^\n]*\/portforward[^\n]*101 Switching Protocols/);
    });

    it('a refused WebSocket upgrade makes exec fall back to SPDY, which still works', async () => {
      sim.refuseUpgrades('websocket');
      const r = await kubectl.run(
        ['exec', '-i', pod, '-c', 'app', '--', 'sh', '-c', 'cat; exit 5'],
        { stdin: 'via spdy' },
      );
      expect(r).toMatchObject({ code: 5, stdout: 'via spdy' });
    });

    it('"close all streams" ends a live port-forward the way a lost pod connection does', async () => {
      const pf = await kubectl.portForward(`pod/${pod}`, [80]);
      forwards.push(pf);
      expect((await download(pf.ports.get(80)!, 1024, 1)).ok).toBe(true);
      expect(sim.closeStreams()).toBeGreaterThan(0);
      expect(await pf.exited).not.toBe(0);
      expect(pf.stderr()).toMatch(/lost connection to pod/);
    });

    it('refusing every upgrade makes port-forward fail at start with the server message', async () => {
      sim.refuseUpgrades('all');
      await expect(kubectl.portForward(`pod/${pod}`, [80])).rejects.toThrow(
        /error upgrading connection[^\n]*refused by kube-sim/,
      );
    });
  },
);
