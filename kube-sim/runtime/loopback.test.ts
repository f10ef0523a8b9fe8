import { once } from 'node:events';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { PodIpPool } from './loopback-ips.ts';
import { createLoopbackRuntime } from './loopback.ts';
import type { ContainerSpec, ContainerState, PodRuntime } from './types.ts';

const states: Array<{ pod: string; container: string; state: ContainerState }> = [];
let runtime: PodRuntime | undefined;

function newRuntime(): PodRuntime {
  states.length = 0;
  runtime = createLoopbackRuntime(
    {
      onContainerState: (pod, container, state) => states.push({ pod: pod.name, container, state }),
    },
    { resolve: async (name, ns) => (name === 'web' && ns === 'default' ? ['10.96.0.1'] : []) },
  );
  return runtime;
}
afterEach(async () => runtime?.dispose());

const pod = (name: string, containers: ContainerSpec[]) => ({
  namespace: 'default',
  name,
  uid: `uid-${name}`,
  containers,
});
const http: ContainerSpec = {
  name: 'app',
  image: 'portside/sim-http:1',
  ports: [{ containerPort: 80, name: 'http' }],
};

async function request(socket: Duplex, text: string): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.end(text);
  await once(socket, 'end');
  return Buffer.concat(chunks).toString();
}

function collect(): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  return Object.assign(new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }), {
    text: () => Buffer.concat(chunks).toString(),
  });
}

async function waitState(
  container: string,
  key: 'running' | 'terminated' | 'waiting',
): Promise<ContainerState> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const hit = states.findLast((s) => s.container === container && key in s.state);
    if (hit) return hit.state;
    if (Date.now() > deadline) throw new Error(`no ${key} state for ${container}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('pod IP pool', () => {
  it('hands out unique 10.244/16 addresses round-robin and reuses only freed ones later', () => {
    const pool = new PodIpPool();
    const a = pool.allocate();
    const b = pool.allocate();
    expect(a).toBe('10.244.0.1');
    expect(b).not.toBe(a);
    pool.release(a);
    expect(pool.allocate()).not.toBe(a); // a replacement pod gets a new address
    expect(pool.inUse).toBe(2);
  });
});

describe('loopback runtime', () => {
  it('serves container ports with the image app and reports Running', async () => {
    const rt = newRuntime();
    const { podIP } = await rt.startPod(pod('web-0', [http]));
    expect(podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    const body = await request(
      await rt.dial({ namespace: 'default', name: 'web-0', uid: 'uid-web-0' }, 80),
      'GET / HTTP/1.0\r\n\r\n',
    );
    expect(JSON.parse(body.slice(body.indexOf('\r\n\r\n') + 4))).toMatchObject({
      pod: 'web-0',
      port: 80,
      container: 'app',
    });
    expect(states.map((s) => Object.keys(s.state)[0])).toEqual(['waiting', 'running']);
    expect(rt.logs(pod('web-0', []), 'app')).toContain('serving port 80');
  });

  it('refuses ports nobody serves with Go dial wording', async () => {
    const rt = newRuntime();
    await rt.startPod(pod('web-0', [http]));
    await expect(rt.dial(pod('web-0', []), 81)).rejects.toThrow(
      'dial tcp4 127.0.0.1:81: connect: connection refused',
    );
  });

  it('reports ErrImagePull for images outside the catalog', async () => {
    const rt = newRuntime();
    await rt.startPod(pod('bad', [{ name: 'c', image: 'busybox:1.36' }]));
    expect(await waitState('c', 'waiting')).toEqual({
      waiting: {
        reason: 'ErrImagePull',
        message: `failed to pull image "busybox:1.36": image not in kube-sim's catalog`,
      },
    });
  });

  it('runs node images as real processes, captures logs and reports their exit', async () => {
    const rt = newRuntime();
    const script =
      'console.log("hello from " + process.env.HOSTNAME + " " + process.env.X); process.exit(3)';
    await rt.startPod(
      pod('job', [
        {
          name: 'main',
          image: 'node:20',
          command: ['node', '-e', script],
          env: [{ name: 'X', value: 'y' }],
        },
      ]),
    );
    const state = await waitState('main', 'terminated');
    expect(state).toMatchObject({ terminated: { exitCode: 3, reason: 'Error' } });
    expect(rt.logs(pod('job', []), 'main')).toBe('hello from job y\n');
  });

  it('execs built-ins in app containers and node in node containers', async () => {
    const rt = newRuntime();
    const ref = pod('mix', []);
    await rt.startPod(
      pod('mix', [http, { name: 'sidecar', image: 'node:20', command: ['sleep', '3600'] }]),
    );
    await waitState('sidecar', 'running');
    const stdout = collect();
    const stdin = new PassThrough();
    stdin.end('piped');
    expect(
      await rt.exec(ref, 'app', ['sh', '-c', 'cat; getent hosts web; hostname'], {
        stdin,
        stdout,
        stderr: collect(),
      }),
    ).toBe(0);
    expect(stdout.text()).toMatch(/^piped10\.96\.0\.1\s+web\nmix\n$/);
    const out2 = collect();
    expect(
      await rt.exec(ref, 'sidecar', ['node', '-e', 'process.stdout.write("n"); process.exit(4)'], {
        stdout: out2,
        stderr: collect(),
      }),
    ).toBe(4);
    expect(out2.text()).toBe('n');
    await expect(
      rt.exec(ref, 'ghost', ['true'], { stdout: collect(), stderr: collect() }),
    ).rejects.toThrow(/container not found/);
  });

  it('lets exec reach other pods by IP (loopback mapping) and starts ephemeral containers', async () => {
    const rt = newRuntime();
    const { podIP } = await rt.startPod(pod('web-0', [http]));
    await rt.startPod(pod('client', [{ name: 'c', image: 'portside/sim-echo:1' }]));
    const out = collect();
    expect(
      await rt.exec(pod('client', []), 'c', ['http-get', `http://${podIP}/`], {
        stdout: out,
        stderr: collect(),
      }),
    ).toBe(0);
    expect(JSON.parse(out.text())).toMatchObject({ pod: 'web-0' });
    await rt.startEphemeralContainer(pod('client', []), {
      name: 'debug',
      image: 'portside/sim-banner:1',
      ports: [{ containerPort: 2222 }],
    });
    const banner = await request(await rt.dial(pod('client', []), 2222), '');
    expect(banner).toBe('BANNER client\r\n');
  });

  it('stops pods: connections ended, processes killed; stopPod is idempotent', async () => {
    const rt = newRuntime();
    await rt.startPod(
      pod('web-0', [
        http,
        { name: 'proc', image: 'node:20', args: ['-e', 'setInterval(() => {}, 1000)'] },
      ]),
    );
    await waitState('proc', 'running');
    const socket = await rt.dial(pod('web-0', []), 80);
    const ended = once(socket.resume(), 'end'); // the app side hung up
    await rt.stopPod(pod('web-0', []));
    await ended;
    socket.destroy();
    expect(await waitState('proc', 'terminated')).toMatchObject({ terminated: { exitCode: 143 } });
    await rt.stopPod(pod('web-0', []));
    await expect(rt.dial(pod('web-0', []), 80)).rejects.toThrow(/not running on this node/);
  });

  it('fails the second container that claims a taken port, like a bind error', async () => {
    const rt = newRuntime();
    await rt.startPod(pod('dup', [http, { ...http, name: 'twin' }]));
    expect(await waitState('twin', 'terminated')).toMatchObject({
      terminated: { exitCode: 1, message: 'listen tcp :80: bind: address already in use' },
    });
  });
});
