/** Test helper: a sim on the fake runtime, plus a client-node KubeConfig and a raw HTTPS requester. */
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are whatever the server sent */
import { KubeConfig } from '@kubernetes/client-node';
import { request } from 'node:https';
import { createFakeRuntime, type FakeRuntime } from './fake-runtime.ts';
import { createSim, type Sim, type SimOptions } from './sim.ts';

export interface TestSim {
  sim: Sim;
  fake: FakeRuntime;
  kc: KubeConfig;
  /** One HTTPS request to the sim with the token (unless `token: null`); body parsed when JSON. */
  call(
    method: string,
    path: string,
    opts?: { body?: unknown; headers?: Record<string, string>; token?: string | null },
  ): Promise<{ status: number; headers: Record<string, unknown>; text: string; json: any }>;
}

/** Starts a sim whose runtime is the fake one (replace delay 200 ms unless given). */
export async function startTestSim(opts: SimOptions = {}): Promise<TestSim> {
  let fake: FakeRuntime | undefined;
  const sim = await createSim({
    replaceDelayMs: 200,
    ...opts,
    runtime: (hooks) => (fake = createFakeRuntime(hooks)),
  });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig);
  const call: TestSim['call'] = (method, path, o = {}) =>
    new Promise((resolve, reject) => {
      const body =
        o.body === undefined
          ? undefined
          : typeof o.body === 'string'
            ? o.body
            : JSON.stringify(o.body);
      const headers: Record<string, string> = {
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...o.headers,
      };
      const token = o.token === undefined ? sim.token : o.token;
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      const req = request(`${sim.url}${path}`, { method, headers, ca: sim.caPem }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  return { sim, fake: fake!, kc, call };
}
