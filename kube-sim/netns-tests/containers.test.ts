/**
 * Containers in netns mode: real processes with the image's PATH and the container's
 * capabilities, loopback-only listeners reachable by dial, ephemeral containers with real states
 * and logs, image pull errors, exec stdio and exit codes, and pod replacement.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
import { until } from '../../testing/wait.ts';

const skipReason = netnsUnavailableReason();
if (skipReason) console.warn(`netns container tests skipped: ${skipReason}`);

const states: { pod: string; container: string; state: ContainerState }[] = [];
const lastState = (pod: string, container: string): ContainerState | undefined =>
  states.filter((s) => s.pod === pod && s.container === container).at(-1)?.state;

const LOCAL_ONLY =
  "require('net').createServer((s) => s.end('local-only\\n')).listen(7070, '127.0.0.1')";
const IDLE = 'setInterval(() => {}, 1000)';

describe.skipIf(skipReason)('netns containers', () => {
  let rt: NetnsRuntime;
  let web: PodSpecForRuntime;
  let agent: PodSpecForRuntime;

  beforeAll(async () => {
    rt = await createNetnsRuntime({
      hooks: {
        onContainerState: (pod, container, state) =>
          states.push({ pod: pod.name, container, state }),
      },
    });
    web = podSpec('web', [
      httpContainer(80),
      { name: 'side', image: 'node:22-alpine', command: ['node', '-e', LOCAL_ONLY] },
    ]);
    agent = podSpec('agent', [
      { name: 'plain', image: 'portside/agent:1', command: ['node', '-e', IDLE] },
      {
        name: 'admin',
        image: 'portside/agent:1',
        command: ['node', '-e', IDLE],
        securityContext: { capabilities: { add: ['NET_ADMIN'] } },
      },
    ]);
    await Promise.all([rt.startPod(web), rt.startPod(agent)]);
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  it('reaches a listener bound only to the pod loopback by dial, but not from another pod', async () => {
    const reply = await until(
      () =>
        rt.dial(web, 7070).then(
          (s) => roundTrip(s, ''),
          () => '',
        ),
      'the loopback listener',
    );
    expect(reply).toBe('local-only\n');
    const webIp = (await execIn(rt, web, 'app', ['getent', 'hosts', 'web'])).stdout.split(/\s+/)[0];
    const r = await execIn(rt, agent, 'plain', httpGet(`http://${webIp}:7070/`));
    expect(r.code).toBe(7); // connection refused: 7070 is not on the pod IP
  });

  it('runs exec commands with stdin, exit codes, and only the tools the image has', async () => {
    expect(await execIn(rt, web, 'app', ['cat'], 'hello stdin')).toMatchObject({
      code: 0,
      stdout: 'hello stdin',
    });
    expect(
      (await execIn(rt, web, 'app', ['sh', '-c', 'echo out; echo err >&2; exit 7'])).code,
    ).toBe(7);
    expect(await execIn(rt, web, 'app', ['hostname'])).toMatchObject({ stdout: 'web\n' });
    await expect(execIn(rt, web, 'app', ['iptables', '-S'])).rejects.toThrow(
      /"iptables": executable file not found in \$PATH/,
    );
    expect((await execIn(rt, agent, 'plain', ['sh', '-c', 'command -v iptables'])).stdout).toMatch(
      /iptables\n$/,
    );
  });

  it('denies iptables changes without NET_ADMIN and allows them with it, in the pod only', async () => {
    const denied = await execIn(rt, agent, 'plain', ['iptables', '-t', 'nat', '-S']);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/Permission denied/);
    const rule = [
      '-t',
      'nat',
      '-A',
      'OUTPUT',
      '-p',
      'tcp',
      '--dport',
      '9',
      '-j',
      'REDIRECT',
      '--to-ports',
      '80',
    ];
    expect((await execIn(rt, agent, 'admin', ['iptables', ...rule])).code).toBe(0);
    expect((await execIn(rt, agent, 'admin', ['iptables', '-t', 'nat', '-S'])).stdout).toContain(
      '--dport 9',
    );
    // The rule lives in the pod's namespace only: the node's and other pods' tables lack it.
    const nodeNat = execFileSync(
      'ip',
      ['netns', 'exec', rt.names.nodeNs, 'iptables-save', '-t', 'nat'],
      { encoding: 'utf8' },
    );
    expect(nodeNat).toContain('PSS-SERVICES');
    expect(nodeNat).not.toContain('--dport 9 ');
    const webNat = execFileSync(
      'ip',
      ['netns', 'exec', rt.podNetns(web) as string, 'iptables-save', '-t', 'nat'],
      { encoding: 'utf8' },
    );
    expect(webNat).not.toContain('--dport 9 ');
  });

  it('starts an ephemeral container in the target pod namespace with real state and logs', async () => {
    const script =
      "require('http').get('http://127.0.0.1:80/', (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => { console.log('got ' + b); process.exit(3); }); })";
    await rt.startEphemeralContainer(web, {
      name: 'debugger',
      image: 'node:22-alpine',
      command: ['node', '-e', script],
    });
    const end = await until(() => {
      const s = lastState('web', 'debugger');
      return s && 'terminated' in s ? s.terminated : undefined;
    }, 'the ephemeral container to exit');
    expect(end).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(
      states.some((s) => s.pod === 'web' && s.container === 'debugger' && 'running' in s.state),
    ).toBe(true);
    expect(JSON.parse(rt.logs(web, 'debugger').replace(/^got /, ''))).toMatchObject({
      pod: 'web',
      client: '127.0.0.1',
    });
  });

  it('reports a command missing from the image as StartError and an unknown image as ErrImagePull', async () => {
    await rt.startEphemeralContainer(web, {
      name: 'nobin',
      image: 'node:22-alpine',
      command: ['psql'],
    });
    expect(lastState('web', 'nobin')).toMatchObject({
      terminated: { exitCode: 128, reason: 'StartError' },
    });
    const pod = podSpec('bad', [{ name: 'c', image: 'registry.example.test/nope:1' }]);
    await rt.startPod(pod);
    expect(lastState('bad', 'c')).toMatchObject({ waiting: { reason: 'ErrImagePull' } });
    await rt.stopPod(pod);
  });

  it('reports the containers of a pod whose sandbox was killed as terminated', async () => {
    const pod = podSpec('doomed', [httpContainer(80)]);
    await rt.startPod(pod);
    expect(lastState('doomed', 'app')).toHaveProperty('running');
    for (const pid of execFileSync('ip', ['netns', 'pids', rt.podNetns(pod) as string], {
      encoding: 'utf8',
    })
      .split(/\s+/)
      .filter(Boolean)) {
      process.kill(Number(pid), 'SIGKILL');
    }
    const s = await until(() => {
      const st = lastState('doomed', 'app');
      return st && 'terminated' in st ? st.terminated : undefined;
    }, 'the container to be reported terminated');
    expect(s).toMatchObject({ exitCode: 137, reason: 'Error' });
    await rt.stopPod(pod);
  });

  it('removes a stopped pod namespace; its replacement gets a new namespace and IP', async () => {
    const first = podSpec('victim', [httpContainer(80)]);
    const { podIP: ip1 } = await rt.startPod(first);
    const ns1 = rt.podNetns(first) as string;
    await rt.stopPod(first);
    expect(netnsList()).not.toContain(ns1);
    expect(existsSync(`/etc/netns/${ns1}`)).toBe(false);
    await rt.stopPod(first); // idempotent
    const second = podSpec('victim', [httpContainer(80)]);
    const { podIP: ip2 } = await rt.startPod(second);
    expect(ip2).not.toBe(ip1);
    expect(rt.podNetns(second)).not.toBe(ns1);
    await expect(rt.dial(first, 80)).rejects.toMatchObject({ kind: 'NotFound' });
    await rt.stopPod(second);
  });
});
