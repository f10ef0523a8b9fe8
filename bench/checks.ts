/**
 * Functional differences worth knowing next to the numbers, checked once per forwarder and
 * reported as pass/fail rather than timed.
 */
import { deterministicBuffer } from '../kube-sim/apps/index.ts';
import { download, sha256, upload } from './clients.ts';
import { httpBytes } from './http-clients.ts';
import type { Forwarder, Ports } from './forwarders.ts';
import { errorText } from '../shared/errors.ts';

export interface CheckResult {
  id: string;
  /** The leg it was run against, once run. */
  leg?: string;
  title: string;
  ok: boolean;
  detail: string;
}

/**
 * Raw TCP upload whose answer needs the client's FIN (the sink app). kubectl's SPDY streams carry
 * half-close; v4 port-forward (Portside's pod-port route) cannot, so the pod never hears the FIN.
 */
export async function halfCloseCheck(ports: Ports): Promise<CheckResult> {
  const payload = deterministicBuffer(256 * 1024, 4);
  const base = {
    id: 'half-close',
    title: 'client FIN reaches the pod (raw sink answers after FIN, 256 KiB)',
  };
  const t0 = performance.now();
  try {
    const got = await upload(ports.sink, payload, 3_000);
    const ms = Math.round(performance.now() - t0);
    const ok = got.bytes === payload.length && got.sha256 === sha256(payload);
    return {
      ...base,
      ok,
      detail: ok ? `answered after ${ms} ms` : `no answer; connection ended after ${ms} ms`,
    };
  } catch (err) {
    return { ...base, ok: false, detail: errorText(err) };
  }
}

/**
 * After every scenario (the stalled reader last): does the forwarder still carry new connections?
 * Takes the forwarder as it is, never restarted, so one that exited shows up here.
 */
export async function stillWorksCheck(f: Forwarder | undefined): Promise<CheckResult> {
  const base = { id: 'still-works', title: 'new connections still work after all scenarios' };
  if (!f?.child.alive()) return { ...base, ok: false, detail: 'the forwarder exited' };
  try {
    const got = await download(f.ports.source, 1024 * 1024, 5, 5_000);
    const res = await httpBytes(f.ports.http, 4096, 5, 5_000);
    const ok = got.bytes === 1024 * 1024 && res.status === 200 && res.sha256 === res.claimed;
    return {
      ...base,
      ok,
      detail: ok ? '1 MiB download and an HTTP request verified' : 'wrong bytes',
    };
  } catch (err) {
    return { ...base, ok: false, detail: errorText(err) };
  }
}
