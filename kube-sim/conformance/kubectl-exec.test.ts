import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../index.ts';
import { hasKubectl, Kubectl } from './kubectl.ts';
import { startConformanceSim } from './scenario.ts';

const LEGS = [
  { name: '1.33 (WebSocket v5)', version: '1.33', env: {}, verb: 'GET' },
  {
    name: '1.33, KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false (SPDY)',
    version: '1.33',
    env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' },
    verb: 'POST',
  },
  { name: '1.30 (WebSocket v5)', version: '1.30', env: {}, verb: 'GET' },
  { name: '1.27 (SPDY)', version: '1.27', env: {}, verb: 'POST' },
] as const;

let sim: Sim;
let pod: string;
beforeAll(async () => ({ sim, pod } = await startConformanceSim()));
afterAll(async () => sim?.close());

for (const leg of LEGS) {
  describe.skipIf(!hasKubectl(leg.version))(`kubectl ${leg.name} exec`, () => {
    let kubectl: Kubectl;
    beforeAll(() => void (kubectl = new Kubectl(leg.version, sim.kubeconfigPath)));
    afterAll(async () => kubectl?.dispose());

    it('exec -i: stdin reaches the command, stdout/stderr come back, the exit code propagates', async () => {
      const script = 'cat; echo to-stderr >&2; exit 3';
      const r = await kubectl.run(
        ['exec', '-i', pod, '-c', 'app', '-v=6', '--', 'sh', '-c', script],
        {
          stdin: 'hello from stdin\n',
          env: leg.env,
        },
      );
      expect(r.stdout).toBe('hello from stdin\n');
      expect(r.stderr).toContain('to-stderr\n');
      expect(r.stderr).toContain('command terminated with exit code 3');
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        new RegExp(`${leg.verb}\\W[^\\n]*/pods/${pod}/exec[^\\n]*101 Switching Protocols`),
      );
    });

    it('exec without stdin succeeds with exit code 0', async () => {
      const r = await kubectl.run(['exec', pod, '-c', 'app', '--', 'hostname'], { env: leg.env });
      expect(r).toMatchObject({ code: 0, stdout: `${pod}\n` });
    });
  });
}
