import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sim } from '../index.ts';
import { startConformanceSim } from './scenario.ts';
import { sha256 } from './transfer.ts';

let sim: Sim;
let pod: string;
let kc: k8s.KubeConfig;
const servers: Server[] = [];

beforeAll(async () => {
  ({ sim, pod } = await startConformanceSim());
  kc = new k8s.KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
});
afterAll(async () => {
  for (const s of servers) s.close();
  await sim?.close();
});

/** The README pattern: one local server, one client-node port-forward per accepted socket. */
async function localForward(port: number): Promise<number> {
  const pf = new k8s.PortForward(kc);
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    void pf.portForward('default', pod, [port], socket, null, socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('@kubernetes/client-node 1.4.0 against kube-sim', () => {
  it('PortForward (WebSocket v4) carries an HTTP exchange byte-identically', async () => {
    const local = await localForward(80);
    const socket = connect(local, '127.0.0.1');
    await once(socket, 'connect');
    // Keep-alive on purpose: client-node never ends the local socket when the server closes.
    socket.write('GET /bytes?n=1048576&seed=4 HTTP/1.1\r\nHost: web\r\n\r\n');
    let buf = Buffer.alloc(0);
    let header = '';
    let bodyStart = -1;
    for await (const chunk of socket as AsyncIterable<Buffer>) {
      buf = Buffer.concat([buf, chunk]);
      if (bodyStart < 0 && (bodyStart = buf.indexOf('\r\n\r\n')) >= 0)
        header = buf.subarray(0, bodyStart).toString();
      if (bodyStart >= 0 && buf.length - bodyStart - 4 >= 1048576) break;
    }
    socket.destroy();
    const expected = /x-sha256: ([0-9a-f]+)/i.exec(header)?.[1];
    expect(sha256(buf.subarray(bodyStart + 4))).toBe(expected);
  });

  it('Exec (WebSocket v5) passes stdin and reports the exit status', async () => {
    const chunks: Buffer[] = [];
    const stdout = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    const stdin = new PassThrough();
    const status = new Promise<k8s.V1Status>((resolve) => {
      void new k8s.Exec(kc).exec(
        'default',
        pod,
        'app',
        ['sh', '-c', 'cat; exit 7'],
        stdout,
        null,
        stdin,
        false,
        resolve,
      );
    });
    stdin.end('from client-node');
    const s = await status;
    expect(Buffer.concat(chunks).toString()).toBe('from client-node');
    expect(s).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode' });
    expect(s.details?.causes?.[0]?.message).toBe('7');
  });
});
