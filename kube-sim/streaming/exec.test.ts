import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { runBuiltin } from '../exec/index.ts';
import { SpdyTestClient } from './spdy-test-client.ts';
import {
  fakeCluster,
  spdyUpgrade,
  upgradeServer,
  type FakeCluster,
  type UpgradeServer,
} from './test-fixtures.ts';

const BASE = '/api/v1/namespaces/default/pods/web-0/exec';
let cluster: FakeCluster;
let server: UpgradeServer;

beforeAll(async () => {
  const ctx = { pod: 'web-0', namespace: 'default', container: 'app', env: { GREETING: 'hi' } };
  cluster = fakeCluster({}, (argv, io) => runBuiltin(argv, ctx, io));
  server = await upgradeServer(cluster);
});
afterAll(() => server.close());

const query = (argv: string[], extra = 'stdout=true&stderr=true') =>
  `${BASE}?${argv.map((a) => `command=${encodeURIComponent(a)}`).join('&')}&container=app&${extra}`;

interface WsResult {
  protocol: string;
  out: Record<number, string>;
  code: number;
}

async function wsExec(
  argv: string[],
  protocols: string[],
  stdin?: string[],
  extra?: string,
): Promise<WsResult> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${query(argv, extra)}`, protocols);
  const out: Record<number, string> = {};
  ws.on('message', (d: Buffer) => (out[d[0]!] = (out[d[0]!] ?? '') + d.subarray(1).toString()));
  const closed = once(ws, 'close');
  await once(ws, 'open');
  for (const s of stdin ?? []) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(s)]));
  if (stdin && ws.protocol === 'v5.channel.k8s.io') ws.send(Buffer.from([255, 0]));
  const [code] = await closed;
  return { protocol: ws.protocol, out, code: code as number };
}

describe('exec over WebSocket', () => {
  it('v5: stdin then [255,0] reaches cat, output on 1, Success status on 3, close 1000', async () => {
    const r = await wsExec(
      ['cat'],
      ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
      ['ab', 'cd'],
      'stdin=true&stdout=true&stderr=true',
    );
    expect(r.protocol).toBe('v5.channel.k8s.io');
    expect(r.out[1]).toBe('abcd');
    expect(JSON.parse(r.out[3]!)).toEqual({ metadata: {}, status: 'Success' });
    expect(r.code).toBe(1000);
  });

  it('reports a non-zero exit as NonZeroExitCode with the code as cause, stderr on 2', async () => {
    const r = await wsExec(['sh', '-c', 'echo oops >&2; exit 3'], ['v5.channel.k8s.io']);
    expect(r.out[2]).toBe('oops\n');
    expect(JSON.parse(r.out[3]!)).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('serves v4 to clients that do not offer v5', async () => {
    const r = await wsExec(['echo', '$GREETING'], ['v4.channel.k8s.io']);
    expect(r.protocol).toBe('v4.channel.k8s.io');
    expect(r.out[1]).toBe('$GREETING\n');
    expect(JSON.parse(r.out[3]!).status).toBe('Success');
  });

  it('reports an unknown command as exit 127 with the shell message', async () => {
    const r = await wsExec(['nope'], ['v5.channel.k8s.io']);
    expect(r.out[2]).toBe('sh: nope: not found\n');
    expect(JSON.parse(r.out[3]!).details.causes[0].message).toBe('127');
  });

  it('refuses unknown subprotocols and requests without any stream', async () => {
    const status = (url: string, protocols: string[]) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, protocols);
        ws.on('error', () => undefined);
        ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      });
    expect(
      await status(`ws://127.0.0.1:${server.port}${query(['true'])}`, ['base64.channel.k8s.io']),
    ).toBe(400);
    expect(
      await status(`ws://127.0.0.1:${server.port}${query(['true'], 'stdout=false')}`, [
        'v5.channel.k8s.io',
      ]),
    ).toBe(400);
  });
});

describe('exec over SPDY (kubectl ≤ 1.29)', () => {
  it('answers one of the offered protocols, runs once all streams exist, Status on the error stream', async () => {
    const up = await spdyUpgrade(
      server.port,
      query(['sh', '-c', 'cat; echo err >&2; exit 4'], 'stdin=true&stdout=true&stderr=true'),
      ['v4.channel.k8s.io', 'v3.channel.k8s.io'],
    );
    expect(up.status).toBe(101);
    expect(up.head).toMatch(/X-Stream-Protocol-Version: v4\.channel\.k8s\.io/);
    const c = new SpdyTestClient(up.socket);
    const error = c.open({ streamtype: 'error' });
    const stdin = c.open({ streamtype: 'stdin' });
    const stdout = c.open({ streamtype: 'stdout' });
    const stderr = c.open({ streamtype: 'stderr' });
    stdin.end('typed input');
    await Promise.all([error, stdout, stderr].map((s) => s.until((x) => x.fin)));
    expect(stdout.data.toString()).toBe('typed input');
    expect(stderr.data.toString()).toBe('err\n');
    expect(JSON.parse(error.data.toString())).toMatchObject({
      reason: 'NonZeroExitCode',
      details: { causes: [{ message: '4' }] },
    });
    await c.closed; // the session ends after the status, as the kubelet's does
  });

  it('refuses clients offering no protocol we speak', async () => {
    const up = await spdyUpgrade(server.port, query(['true']), ['channel.k8s.io']);
    expect(up.status).toBe(400);
    expect(JSON.parse(up.body).message).toMatch(/unable to negotiate protocol/);
  });
});
