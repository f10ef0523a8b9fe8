/**
 * The netns issue's acceptance cases through real kubectl against `createSim({ network: 'netns' })`
 * with the demo scenario plus the outside host `api.example.test`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kubectl, hasKubectl } from '../conformance/kubectl.ts';
import { createSim, type Sim } from '../index.ts';
import { httpGet, netnsUnavailableReason } from './testing/netns.ts';
import { demoWithExternalHost } from './scenario.ts';
import { until } from '../../testing/wait.ts';

const skipReason =
  netnsUnavailableReason() ?? (hasKubectl('1.33') ? undefined : 'kubectl 1.33 is not installed');
if (skipReason) console.warn(`netns kubectl tests skipped: ${skipReason}`);

const LOCAL_ONLY =
  "require('net').createServer((s) => s.end('local-only\\n')).listen(7070, '127.0.0.1')";
const PROBE =
  "require('http').get('http://127.0.0.1:80/', (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => console.log('probe ' + b)); })";

/** Reads everything a local TCP port sends until it closes. */
function readAll(port: number, send = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let data = '';
    s.on('data', (d: Buffer) => (data += d.toString()));
    s.on('end', () => resolve(data));
    s.on('error', reject);
    s.end(send);
  });
}

describe.skipIf(skipReason)('netns mode through kubectl', () => {
  let sim: Sim;
  let kubectl: Kubectl;
  let pod: string;
  let podIP: string;

  const k = async (...args: string[]): Promise<string> => {
    const r = await kubectl.run(args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    sim = await createSim({ scenario: await demoWithExternalHost(), network: 'netns' });
    kubectl = new Kubectl('1.33', sim.kubeconfigPath);
    const [p] = await sim.waitForReadyPods('default', { app: 'py-serv' }, 2, { timeoutMs: 20_000 });
    pod = p!.metadata.name;
    podIP = (await k('get', 'pod', pod, '-o', 'jsonpath={.status.podIP}')).trim();
  });
  afterAll(async () => {
    await kubectl?.dispose();
    await sim?.close();
  });

  it('resolves the postgres Service to its ClusterIP with the pod resolver (kubectl exec getent)', async () => {
    const clusterIP = (
      await k('get', 'svc', 'postgres', '-o', 'jsonpath={.spec.clusterIP}')
    ).trim();
    expect(clusterIP).toMatch(/^198\.19\./);
    expect(await k('exec', pod, '--', 'getent', 'hosts', 'postgres')).toMatch(
      new RegExp(
        `^${clusterIP.replace(/\./g, '\\.')}\\s+postgres\\.default\\.svc\\.cluster\\.local`,
      ),
    );
  });

  it('reaches api.example.test from the pod with the pod IP as client; the host has no way there', async () => {
    expect(podIP).toMatch(/^198\.18\./);
    const body = JSON.parse(
      await k('exec', pod, '--', ...httpGet('http://api.example.test/')),
    ) as Record<string, unknown>;
    expect(body).toMatchObject({ pod: 'api.example.test', client: podIP });
    // From the host: no resolver entry, no route, no address in any sim range (checked without sending).
    expect(
      readFileSync('/etc/hosts', 'utf8') + readFileSync('/etc/resolv.conf', 'utf8'),
    ).not.toMatch(/example\.test|198\.18\.0\.10/);
    expect(execFileSync('ip', ['route', 'show', 'table', 'all'], { encoding: 'utf8' })).not.toMatch(
      /198\.(18|19)\.|198\.51\.100\./,
    );
  });

  it('port-forwards pod/<py-serv> to its app and to a listener bound only to 127.0.0.1 in the pod', async () => {
    await k(
      'debug',
      `pod/${pod}`,
      '--image=node:22-alpine',
      '-c',
      'local-srv',
      '--',
      'node',
      '-e',
      LOCAL_ONLY,
    );
    const pf = await kubectl.portForward(`pod/${pod}`, [80]);
    try {
      const reply = await readAll(pf.ports.get(80)!, 'GET / HTTP/1.0\r\n\r\n');
      expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({
        pod,
        client: '127.0.0.1',
      });
    } finally {
      await pf.stop();
    }
    const local = await until(
      async () => {
        const f = await kubectl.portForward(`pod/${pod}`, [7070]);
        try {
          return await readAll(f.ports.get(7070)!).catch(() => '');
        } finally {
          await f.stop();
        }
      },
      'the loopback-only listener',
      20_000,
    );
    expect(local).toBe('local-only\n');
  });

  it('runs an ephemeral node:22-alpine container in the pod namespace; its logs come back', async () => {
    await k(
      'debug',
      `pod/${pod}`,
      '--image=node:22-alpine',
      '-c',
      'probe',
      '--',
      'node',
      '-e',
      PROBE,
    );
    const jsonpath =
      '{.status.ephemeralContainerStatuses[?(@.name=="probe")].state.terminated.exitCode}';
    expect(
      await until(
        async () => (await k('get', 'pod', pod, '-o', `jsonpath=${jsonpath}`)).trim(),
        'the probe to exit',
        20_000,
      ),
    ).toBe('0');
    const logs = await k('logs', pod, '-c', 'probe');
    expect(JSON.parse(logs.replace(/^probe /, ''))).toMatchObject({
      pod,
      client: '127.0.0.1',
      port: 80,
    });
  });
});
