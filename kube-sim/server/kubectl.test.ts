import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from '../control/test-sim.ts';

const BIN = '/usr/lib/google-cloud-sdk/bin';
const VERSIONS = ['1.33', '1.27'];
const available = VERSIONS.filter((v) => existsSync(`${BIN}/kubectl.${v}`));
if (available.length < VERSIONS.length)
  console.warn(
    `kubectl tests skipped for ${VERSIONS.filter((v) => !available.includes(v)).join(', ')}: no binary in ${BIN}`,
  );

describe.skipIf(available.length === 0).each(available)(
  'real kubectl %s against kube-sim',
  (version) => {
    let t: TestSim;
    let cacheDir: string;
    const kubectl = (...args: string[]) =>
      [
        `${BIN}/kubectl.${version}`,
        ['--kubeconfig', t.sim.kubeconfigPath, '--cache-dir', cacheDir, ...args],
      ] as const;
    const run = async (...args: string[]) =>
      (await promisify(execFile)(...kubectl(...args), { timeout: 20_000 })).stdout;

    beforeAll(async () => {
      cacheDir = await mkdtemp(join(tmpdir(), 'kube-sim-kubectl-'));
      t = await startTestSim({ scenario: 'demo', replaceDelayMs: 500 });
      await t.sim.waitForWorkloads();
    });
    afterAll(async () => {
      await t?.sim.close();
      if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
    });

    it('get pods -A lists every pod Running with READY 1/1', async () => {
      const rows = (await run('get', 'pods', '-A')).trim().split('\n');
      expect(rows[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      const pods = rows.slice(1).map((r) => r.split(/\s+/));
      expect(pods.map((p) => p[1]!.replace(/-[a-z0-9]+-[a-z0-9]{5}$/, '-*')).sort()).toEqual([
        'api-*',
        'postgres-0',
        'py-serv-*',
        'py-serv-*',
      ]);
      for (const p of pods) expect(p.slice(2, 5)).toEqual(['1/1', 'Running', '0']);
    });

    it('get deploy,svc,sts shows the workloads with their columns', async () => {
      const out = await run('get', 'deploy,svc,sts');
      expect(out).toMatch(/deployment\.apps\/py-serv\s+2\/2\s+2\s+2\s+\d+s/);
      expect(out).toMatch(/service\/py-serv\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+80\/TCP/);
      expect(out).toMatch(/service\/postgres\s+ClusterIP\s+\S+\s+<none>\s+5432\/TCP/);
      expect(out).toMatch(/statefulset\.apps\/postgres\s+1\/1/);
    });

    it('get pods -w sees a deletion', async () => {
      const [cmd, args] = kubectl(
        'get',
        'pods',
        '-w',
        '--output-watch-events',
        '-l',
        'app=postgres',
      );
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      try {
        await t.sim.waitFor(() => /ADDED\s+postgres-0\s+1\/1\s+Running/.test(out), {
          what: `kubectl to list postgres-0, got: ${out}`,
        });
        t.sim.deletePod('default', 'postgres-0');
        await t.sim.waitFor(() => /DELETED\s+postgres-0/.test(out), {
          what: 'kubectl to print the deletion',
        });
        expect(out).toMatch(/MODIFIED\s+postgres-0\s+\S+\s+Terminating/);
        expect(out.match(/EVENT\s+NAME/g)).toHaveLength(1);
      } finally {
        child.kill();
      }
    });

    it('rollout restart deploy/py-serv produces new Running pods', async () => {
      const before = t.sim.listPods('default', 'app=py-serv').map((p) => p.metadata.name);
      expect(await run('rollout', 'restart', 'deploy/py-serv')).toMatch(
        /deployment\.apps\/py-serv restarted/,
      );
      await t.sim.waitFor(() => {
        const pods = t.sim.listPods('default', 'app=py-serv');
        return (
          pods.length === 2 &&
          t.sim.readyPods('default', 'app=py-serv').length === 2 &&
          pods.every((p) => !before.includes(p.metadata.name))
        );
      });
      const out = await run('get', 'pods', '-l', 'app=py-serv', '--no-headers');
      const names = out
        .trim()
        .split('\n')
        .map((r) => r.split(/\s+/)[0]);
      expect(names.some((n) => before.includes(n!))).toBe(false);
      expect(await run('rollout', 'status', 'deploy/py-serv', '--timeout=10s')).toMatch(
        /successfully rolled out/,
      );
    });

    it('delete pod is followed by a Running replacement within 5 s', async () => {
      const victim = t.sim.readyPods('default', 'app=py-serv')[0]!.metadata.name;
      expect(await run('delete', 'pod', victim)).toMatch(new RegExp(`pod "${victim}" deleted`));
      const started = Date.now();
      await t.sim.waitFor(() => t.sim.readyPods('default', 'app=py-serv').length === 2, {
        timeoutMs: 5000,
      });
      const rows = (await run('get', 'pods', '-l', 'app=py-serv', '--no-headers'))
        .trim()
        .split('\n')
        .map((r) => r.split(/\s+/));
      expect(rows.map((r) => r[0])).not.toContain(victim);
      expect(rows.every((r) => r[2] === 'Running')).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('creates objects from a manifest file (apply -f from 1.29, which validates on the server)', async () => {
      const file = join(cacheDir, 'extra.yaml');
      await writeFile(
        file,
        [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: extra}',
          'spec:',
          '  selector: {matchLabels: {app: extra}}',
          '  template:',
          '    metadata: {labels: {app: extra}}',
          '    spec: {containers: [{name: c, image: "portside/sim-http:1"}]}',
        ].join('\n'),
      );
      // kubectl ≤ 1.28 validates apply/create against protobuf OpenAPI v2, which kube-sim does not serve.
      const modern = Number(version.split('.')[1]) >= 29;
      const out = modern
        ? await run('apply', '-f', file)
        : await run('create', '--validate=false', '-f', file);
      expect(out).toMatch(/deployment\.apps\/extra created/);
      await t.sim.waitForReadyPods('default', 'app=extra', 1);
      if (modern)
        expect(await run('apply', '-f', file)).toMatch(/deployment\.apps\/extra unchanged/);
    });

    it('logs, scale and debug work on the sim', async () => {
      expect(await run('logs', 'postgres-0')).toContain('log line 2');
      expect(await run('scale', 'deploy/py-serv', '--replicas=3')).toMatch(/scaled/);
      await t.sim.waitForReadyPods('default', 'app=py-serv', 3);
      await run('debug', 'postgres-0', '--image=portside/sim-echo:1', '--container=dbg');
      await t.sim.waitFor(() =>
        t.sim
          .getPod('default', 'postgres-0')
          ?.status?.ephemeralContainerStatuses?.find(
            (s: { name: string; state: { running?: unknown } }) =>
              s.name === 'dbg' && s.state.running,
          ),
      );
    });
  },
);
