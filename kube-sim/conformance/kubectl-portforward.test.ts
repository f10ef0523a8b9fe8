import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../index.ts';
import { hasKubectl, Kubectl, type PortForward } from './kubectl.ts';
import { startConformanceSim } from './scenario.ts';
import { download, echoRoundTrip, sha256, upload } from './transfer.ts';

/** The matrix of issue 3: which kubectl, which switches, which upgrade must have served it. */
const LEGS = [
  { name: '1.33 (WebSocket SPDY tunnel)', version: '1.33', env: {}, verb: 'GET' },
  {
    name: '1.33, KUBECTL_PORT_FORWARD_WEBSOCKETS=false (raw SPDY)',
    version: '1.33',
    env: { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' },
    verb: 'POST',
  },
  { name: '1.30 (raw SPDY)', version: '1.30', env: {}, verb: 'POST' },
  { name: '1.27 (raw SPDY)', version: '1.27', env: {}, verb: 'POST' },
] as const;

const MiB = 1024 * 1024;
let sim: Sim;
let pod: string;
const forwards: PortForward[] = [];

beforeAll(async () => ({ sim, pod } = await startConformanceSim()));
afterAll(async () => sim?.close());
afterEach(async () => {
  await Promise.all(forwards.splice(0).map((f) => f.stop()));
});

for (const leg of LEGS) {
  describe.skipIf(!hasKubectl(leg.version))(`kubectl ${leg.name} port-forward`, () => {
    let kubectl: Kubectl;
    beforeAll(() => void (kubectl = new Kubectl(leg.version, sim.kubeconfigPath)));
    afterAll(async () => kubectl?.dispose());

    const forward = async (target: string, ports: Array<number | string>, verbose = false) => {
      const pf = await kubectl.portForward(target, ports, { env: leg.env, verbose });
      forwards.push(pf);
      return pf;
    };

    it('pod/…: 4 MiB byte-identical both ways, 8 concurrent connections, echo half-close', async () => {
      const pf = await forward(`pod/${pod}`, [80, 7], true);
      const http = pf.ports.get(80)!;
      const down = await download(http, 4 * MiB, 33);
      expect(down).toEqual({ ok: true, bytes: 4 * MiB });
      const payload = Buffer.alloc(4 * MiB);
      for (let i = 0; i < payload.length; i += 4) payload.writeUInt32LE((i * 2654435761) >>> 0, i);
      expect(await upload(http, payload)).toEqual({ bytes: 4 * MiB, sha256: sha256(payload) });
      const many = await Promise.all(
        Array.from({ length: 8 }, (_, i) => download(http, 256 * 1024, i)),
      );
      expect(many.every((r) => r.ok && r.bytes === 256 * 1024)).toBe(true);
      expect((await echoRoundTrip(pf.ports.get(7)!, Buffer.from('half-close me'))).toString()).toBe(
        'half-close me',
      );
      // The transport that really served it, from kubectl's own request log (-v=6).
      const upgrade = new RegExp(
        `${leg.verb}\\W[^\\n]*/pods/${pod}/portforward[^\\n]*101 Switching Protocols`,
      );
      expect(pf.stderr()).toMatch(upgrade);
      if (leg.verb === 'GET') {
        expect(pf.stderr()).toMatch(/negotiated protocol: portforward\.k8s\.io/);
        expect(pf.stderr()).not.toMatch(/POST\W[^\n]*\/portforward/);
      }
    });

    it('deploy/… picks the workload pod', async () => {
      const pf = await forward('deploy/web', [80]);
      expect((await download(pf.ports.get(80)!, 64 * 1024, 1)).ok).toBe(true);
    });

    it('svc/… translates the service port through a named targetPort', async () => {
      const pf = await forward('svc/web', [8080]);
      // kubectl prints the translated container port: "Forwarding from 127.0.0.1:L -> 80".
      expect([...pf.ports.keys()]).toEqual([80]);
      expect((await download(pf.ports.get(80)!, 64 * 1024, 2)).ok).toBe(true);
    });
  });
}
