/**
 * What is measured. A scenario takes one sample through one forwarder and checks every byte it
 * moved (sha256); a sample that moved wrong bytes throws InvalidSample and is reported, not counted.
 */
import { deterministicBuffer, deterministicSha256 } from '../kube-sim/apps/index.ts';
import { POD } from './cluster.ts';
import { download, firstByte, InvalidSample, sha256 } from './clients.ts';
import { httpBytes, httpUpload } from './http-clients.ts';
import { rssPerConnection } from './memory.ts';
import { slowReader } from './slow-reader.ts';
import type { Ports } from './forwarders.ts';
import { MiB, mibps, quantile } from './stats.ts';

export interface Sample {
  value: number;
  /** Extra numbers worth keeping in the JSON report (percentiles, sizes). */
  detail?: Record<string, number>;
}

export interface Scenario {
  id: string;
  title: string;
  unit: string;
  better: 'higher' | 'lower';
  sample(ports: Ports, ctx: SampleContext): Promise<Sample>;
}

/** What a scenario may know about the contender besides its ports. */
export interface SampleContext {
  /** The forwarding process, if there is one (not for a direct connection). */
  pid: number | undefined;
}

export interface Sizes {
  bulkBytes: number;
  connections: number;
  concurrency: number[];
  httpBytes: number;
  /** Per-operation deadline for bulk transfers. */
  bulkDeadlineMs: number;
  /** The download beside a stalled reader: larger than what kernel and forwarder buffers absorb. */
  slowReaderBytes: number;
  /** How long that download may take before it counts as stalled too. */
  stallDeadlineMs: number;
  /** Connections held open to measure RSS growth per connection. */
  idleConnections: number;
}

function bulkDownload(s: Sizes): Scenario {
  const seed = 1;
  let expected: string | undefined;
  return {
    id: 'download',
    title: `bulk download ${s.bulkBytes / MiB} MiB (source app)`,
    unit: 'MiB/s',
    better: 'higher',
    async sample(ports) {
      expected ??= deterministicSha256(s.bulkBytes, seed);
      const t0 = performance.now();
      const got = await download(ports.source, s.bulkBytes, seed, s.bulkDeadlineMs);
      const ms = performance.now() - t0;
      if (got.bytes !== s.bulkBytes || got.sha256 !== expected)
        throw new InvalidSample(
          `download moved ${got.bytes} B with sha256 ${got.sha256.slice(0, 12)}…, expected ${s.bulkBytes} B ${expected.slice(0, 12)}…`,
        );
      return { value: mibps(got.bytes, ms), detail: { ms, bytes: got.bytes } };
    },
  };
}

/**
 * Upload goes to the http app's /sink (Content-Length framed): the raw sink app answers only after
 * the client's FIN, which v4 port-forward cannot carry, so it would time Portside's idle timer.
 */
function bulkUpload(s: Sizes): Scenario {
  let payload: { buf: Buffer; sha: string } | undefined;
  return {
    id: 'upload',
    title: `bulk upload ${s.bulkBytes / MiB} MiB (POST /sink of the http app)`,
    unit: 'MiB/s',
    better: 'higher',
    async sample(ports) {
      if (!payload) {
        const buf = deterministicBuffer(s.bulkBytes, 2);
        payload = { buf, sha: sha256(buf) };
      }
      const t0 = performance.now();
      const got = await httpUpload(ports.http, payload.buf, s.bulkDeadlineMs);
      const ms = performance.now() - t0;
      if (got.bytes !== s.bulkBytes || got.sha256 !== payload.sha)
        throw new InvalidSample(
          `the sink counted ${got.bytes} B with sha256 ${got.sha256.slice(0, 12)}…, sent ${s.bulkBytes} B ${payload.sha.slice(0, 12)}…`,
        );
      return { value: mibps(got.bytes, ms), detail: { ms, bytes: got.bytes } };
    },
  };
}

function setupLatency(s: Sizes): Scenario {
  const banner = `BANNER ${POD}\r\n`;
  return {
    id: 'connect-latency',
    title: `first byte on a fresh connection, median of ${s.connections} sequential (banner app)`,
    unit: 'ms',
    better: 'lower',
    async sample(ports) {
      const times: number[] = [];
      for (let i = 0; i < s.connections; i++)
        times.push(await firstByte(ports.banner, banner, 10_000));
      times.sort((a, b) => a - b);
      const p = (q: number): number => quantile(times, q);
      return {
        value: p(0.5),
        detail: { p90: p(0.9), p99: p(0.99), max: times[times.length - 1]!, min: times[0]! },
      };
    },
  };
}

function concurrentHttp(s: Sizes, count: number): Scenario {
  const expected = new Map<number, string>();
  return {
    id: `http-concurrent-${count}`,
    title: `${count} concurrent GET /bytes (${s.httpBytes / 1024} KiB each, own connection, sha256-checked), all done`,
    unit: 'ms',
    better: 'lower',
    async sample(ports) {
      for (let i = 0; i < count; i++)
        if (!expected.has(i)) expected.set(i, deterministicSha256(s.httpBytes, i));
      const t0 = performance.now();
      const results = await Promise.allSettled(
        Array.from({ length: count }, (_, i) => httpBytes(ports.http, s.httpBytes, i, 30_000)),
      );
      const ms = performance.now() - t0;
      const bad = results.flatMap((r, i) =>
        r.status === 'rejected'
          ? [String((r.reason as Error).message ?? r.reason)]
          : r.value.status !== 200 ||
              r.value.sha256 !== expected.get(i) ||
              r.value.claimed !== expected.get(i)
            ? [`#${i}: status ${r.value.status}, sha256 mismatch or missing`]
            : [],
      );
      if (bad.length > 0)
        throw new InvalidSample(`${bad.length}/${count} requests failed, e.g. ${bad[0]}`);
      return { value: ms, detail: { failures: 0, bytesVerified: count * s.httpBytes } };
    },
  };
}

/** Every scenario, in run order (slow-reader last: a forwarder it wedges cannot spoil the others). */
export function scenarios(s: Sizes): Scenario[] {
  return [
    // First: later scenarios leave the forwarders' heaps large, and free heap hides growth.
    rssPerConnection(s),
    bulkDownload(s),
    bulkUpload(s),
    setupLatency(s),
    ...s.concurrency.map((c) => concurrentHttp(s, c)),
    slowReader(s),
  ];
}
