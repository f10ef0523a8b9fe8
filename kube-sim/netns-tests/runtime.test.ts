/**
 * The netns runtime alone (no API server): pods as namespaces, dial, exec, Services, DNS, the
 * outside world, capabilities, ephemeral containers, pod replacement and cleanup.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetnsRuntime, type NetnsRuntime } from '../runtime/netns/index.ts';
import type { ContainerState, PodSpecForRuntime } from '../runtime/types.ts';
import {
  execIn,
  httpGet,
  httpContainer,
  netnsList,
  netnsUnavailableReason,
  podSpec,
  roundTrip,
} from './testing/netns.ts';

const skipReason = netnsUnavailableReason();
if (skipReason) console.warn(`netns runtime tests skipped: ${skipReason}`);

const states: { pod: string; container: string; state: ContainerState }[] = [];
const lastState = (pod: string, container: string): ContainerState | undefined =>
  states.filter((s) => s.pod === pod && s.container === container).at(-1)?.state;

describe.skipIf(skipReason)('netns runtime', () => {
  let rt: NetnsRuntime;
  let a: PodSpecForRuntime;
  let b: PodSpecForRuntime;
  let ipA: string;
  let ipB: string;
  const SVC_IP = '198.19.0.20';

  beforeAll(async () => {
    rt = await createNetnsRuntime({
      hooks: {
        onContainerState: (pod, container, state) =>
          states.push({ pod: pod.name, container, state }),
      },
      externalHosts: [{ name: 'api.example.test', app: 'http' }],
    });
    a = podSpec('web-a', [httpContainer(80)]);
    b = podSpec('web-b', [httpContainer(80)]);
    [{ podIP: ipA }, { podIP: ipB }] = await Promise.all([rt.startPod(a), rt.startPod(b)]);
    await rt.syncNetwork({
      services: [
        {
          namespace: 'default',
          name: 'web',
          clusterIP: SVC_IP,
          ports: [{ name: 'http', port: 8080 }],
          endpoints: [ipA, ipB].map((ip) => ({
            ip,
            ready: true,
            ports: [{ name: 'http', port: 80 }],
          })),
        },
        {
          namespace: 'default',
          name: 'nobody',
          clusterIP: '198.19.0.21',
          ports: [{ port: 80 }],
          endpoints: [],
        },
        {
          namespace: 'default',
          name: 'db',
          clusterIP: null,
          ports: [{ port: 5432 }],
          endpoints: [{ ip: ipB, ready: true, hostname: 'db-0', ports: [{ port: 5432 }] }],
        },
      ],
    });
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  it('gives each pod its own namespace and IP from 198.18.0.0/16, with the kubelet files', () => {
    expect(ipA).not.toBe(ipB);
    expect(ipA).toMatch(/^198\.18\./);
    const ns = rt.podNetns(a) as string;
    expect(netnsList()).toContain(ns);
    expect(readFileSync(`/etc/netns/${ns}/resolv.conf`, 'utf8')).toBe(
      'nameserver 198.18.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n',
    );
    expect(readFileSync(`/etc/netns/${ns}/hosts`, 'utf8')).toContain(`${ipA}\tweb-a`);
    expect(lastState('web-a', 'app')).toHaveProperty('running');
  });

  it('dials the pod app on its real port, seeing the request come from the pod loopback', async () => {
    const reply = await roundTrip(await rt.dial(a, 80), 'GET / HTTP/1.0\r\n\r\n');
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ pod: 'web-a', port: 80, client: '127.0.0.1' });
  });

  it('rejects a dial to a port nothing listens on', async () => {
    await expect(rt.dial(a, 81)).rejects.toMatchObject({
      kind: 'Network',
      message: expect.stringContaining('localhost:81'),
    });
  });

  it('resolves Services through the pod resolver (search path) with real getent', async () => {
    for (const name of ['web', 'web.default', 'web.default.svc.cluster.local']) {
      const r = await execIn(rt, a, 'app', ['getent', 'hosts', name]);
      expect(r.stdout, name).toMatch(new RegExp(`^${SVC_IP.replace(/\./g, '\\.')}\\s`));
    }
    expect((await execIn(rt, a, 'app', ['getent', 'hosts', 'db-0.db'])).stdout).toContain(ipB);
    expect(
      (
        await execIn(rt, a, 'app', [
          'getent',
          'hosts',
          `${ipB.replace(/\./g, '-')}.default.pod.cluster.local`,
        ])
      ).stdout,
    ).toContain(ipB);
    expect((await execIn(rt, a, 'app', ['getent', 'hosts', 'nope'])).code).toBe(2);
  });

  it('balances a ClusterIP over both ready endpoints and keeps the client pod IP', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 24 && seen.size < 2; i++) {
      const r = await execIn(rt, b, 'app', httpGet(`http://web:8080/`));
      const body = JSON.parse(r.stdout) as { pod: string; client: string };
      seen.add(body.pod);
      if (body.pod === 'web-a') expect(body.client).toBe(ipB);
    }
    expect([...seen].sort()).toEqual(['web-a', 'web-b']);
  });

  it('refuses a ClusterIP without ready endpoints at once', async () => {
    const r = await execIn(rt, a, 'app', httpGet('http://nobody/'));
    expect(r.code).toBe(7); // curl: failed to connect
  });

  it('reaches an external host from a pod with the pod IP as client, and not from the host', async () => {
    const r = await execIn(rt, a, 'app', httpGet('http://api.example.test/'));
    expect(JSON.parse(r.stdout)).toMatchObject({ pod: 'api.example.test', client: ipA });
    // kube-sim's built-in client, run inside the sandbox, resolves and connects as the pod too.
    const builtin = await execIn(rt, a, 'app', ['http-get', 'http://api.example.test/']);
    expect(JSON.parse(builtin.stdout)).toMatchObject({ client: ipA });
    // The host has no route, interface or resolver entry for any sim range (nothing is sent to check).
    const routes = execFileSync('ip', ['route', 'show', 'table', 'all'], { encoding: 'utf8' });
    expect(routes).not.toMatch(/198\.18\.|198\.19\.|198\.51\.100\./);
    expect(execFileSync('ip', ['-o', 'addr'], { encoding: 'utf8' })).not.toMatch(
      /198\.18\.|198\.19\.|198\.51\.100\./,
    );
    expect(readFileSync('/etc/hosts', 'utf8')).not.toContain('example.test');
  });
});
