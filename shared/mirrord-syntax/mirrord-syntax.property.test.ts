/** Property tests: valid specs round-trip, anything else is an error value, nothing throws. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostKind, isIpv4, isIpv6 } from './host.ts';
import { formatLocalMapping, parseLocalMapping } from './local-mapping.ts';
import { formatReverseMapping, parseReverseMapping } from './reverse-mapping.ts';
import { formatTarget, parseTarget, TARGET_KINDS } from './target.ts';
import { parseTargetConfig } from './target-config.ts';
import type { ParseResult, Target, TargetKind } from './types.ts';
import { parseRule, validateRuleSpec } from './validate.ts';

const port = fc.integer({ min: 1, max: 65535 });
const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
const serviceHost = fc
  .array(dnsLabel, { minLength: 1, maxLength: 5 })
  .map((l) => l.join('.'))
  .filter((h) => hostKind(h) === 'hostname');
const host = fc.oneof(fc.ipV4(), fc.ipV6(), fc.domain(), serviceHost);
// Characters that make the parsers branch: separators, brackets, digits, signs, spaces.
const specChars = fc.string({
  unit: fc.constantFrom(...':[]./+-0123456789abf x'.split('')),
  maxLength: 24,
});
// The same without brackets: there we deliberately differ from mirrord (IPv6 literals).
const plainSpecChars = fc.string({
  unit: fc.constantFrom(...':./+-0123456789abf x'.split('')),
  maxLength: 24,
});
const anyText = fc.oneof(fc.string(), specChars, fc.string({ unit: 'grapheme' }));

/** Transcription of mirrord's `AddrPortMapping::from_str` (mirrord/cli/src/config.rs) as an oracle. */
function mirrordLocal(s: string): ParseResult<{ l: number; h: string; r: number }> {
  const port = (p: string): number | string => {
    if (!/^\+?[0-9]+$/.test(p) || Number(p.replace('+', '')) > 65535)
      return `Failed to parse port \`${p}\``;
    return Number(p.replace('+', '')) === 0
      ? 'Port `0` is not allowed'
      : Number(p.replace('+', ''));
  };
  const v = s.split(':');
  const ports = v.length === 3 ? [v[0], v[2]] : v.length === 2 ? [v[1]] : undefined;
  if (!ports) return { ok: false, error: `Invalid format of argument \`${s}\`` };
  const parsed = ports.map((p) => port(p ?? ''));
  const bad = parsed.find((p) => typeof p === 'string');
  if (typeof bad === 'string') return { ok: false, error: bad };
  const [l, r = l] = parsed as number[];
  return {
    ok: true,
    value: { l: l ?? 0, h: v.length === 3 ? (v[1] ?? '') : (v[0] ?? ''), r: r ?? 0 },
  };
}

const kubeName = fc
  .array(dnsLabel, { minLength: 1, maxLength: 3 })
  .map((l) => l.join('.'))
  .filter((n) => n.length <= 253);
const target: fc.Arbitrary<Target> = fc.oneof(
  fc.constant<Target>({ kind: 'targetless' }),
  fc
    .record({
      kind: fc.constantFrom(...TARGET_KINDS),
      name: kubeName,
      container: fc.option(dnsLabel, { nil: undefined }),
    })
    .map(({ kind, name, container }): Target =>
      container === undefined ? { kind, name } : { kind, name, container },
    ),
);
const OBJECT_KEY: Record<TargetKind, string> = {
  pod: 'pod',
  deployment: 'deployment',
  rollout: 'rollout',
  job: 'job',
  cronjob: 'cron_job',
  statefulset: 'stateful_set',
  service: 'service',
  replicaset: 'replica_set',
};

function expectNeverThrows<T>(parse: (s: T) => ParseResult<unknown>, arb: fc.Arbitrary<T>): void {
  fc.assert(
    fc.property(arb, (s) => {
      const r = parse(s);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
    }),
    { numRuns: 2000 },
  );
}

describe('-L', () => {
  it('round-trips every valid mapping (format → parse → same value)', () => {
    fc.assert(
      fc.property(port, host, port, (localPort, remoteHost, remotePort) => {
        const m = { localPort, remoteHost, remotePort };
        expect(parseLocalMapping(formatLocalMapping(m))).toEqual({ ok: true, value: m });
      }),
      { numRuns: 1000 },
    );
  });

  it('takes the local port from the remote one when it is left out', () => {
    fc.assert(
      fc.property(host, port, (h, p) => {
        const text = h.includes(':') ? `[${h}]:${p}` : `${h}:${p}`;
        expect(parseLocalMapping(text)).toEqual({
          ok: true,
          value: { localPort: p, remoteHost: h, remotePort: p },
        });
      }),
    );
  });

  it('never throws, and whatever it accepts is a usable mapping', () => {
    expectNeverThrows((s: string) => {
      const r = parseLocalMapping(s);
      if (r.ok) {
        expect(r.value.localPort).toBeGreaterThanOrEqual(1);
        expect(r.value.remotePort).toBeLessThanOrEqual(65535);
        expect(hostKind(r.value.remoteHost)).toBeDefined();
      }
      return r;
    }, anyText);
  });

  it('agrees with mirrord wherever mirrord’s host would resolve', () => {
    fc.assert(
      fc.property(plainSpecChars, (s) => {
        const ours = parseLocalMapping(s);
        const theirs = mirrordLocal(s);
        if (!theirs.ok) {
          expect(ours.ok).toBe(false);
          if (!ours.ok) expect(ours.error).toContain(theirs.error);
        } else if (hostKind(theirs.value.h)) {
          const v = theirs.value;
          expect(ours).toEqual({
            ok: true,
            value: { localPort: v.l, remoteHost: v.h, remotePort: v.r },
          });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects ports out of range and zero with mirrord’s texts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 65536, max: 2 ** 40 }), serviceHost, (p, h) => {
        const r = parseLocalMapping(`8080:${h}:${p}`);
        expect(r).toEqual({
          ok: false,
          error: `Failed to parse port \`${p}\` in argument \`8080:${h}:${p}\``,
        });
      }),
    );
    fc.assert(
      fc.property(serviceHost, port, (h, p) => {
        expect(parseLocalMapping(`0:${h}:${p}`)).toEqual({
          ok: false,
          error: `Port \`0\` is not allowed in argument \`0:${h}:${p}\``,
        });
      }),
    );
  });
});

describe('-R', () => {
  it('round-trips every valid mapping', () => {
    fc.assert(
      fc.property(port, port, (remotePort, localPort) => {
        const m = { remotePort, localPort };
        expect(parseReverseMapping(formatReverseMapping(m))).toEqual({ ok: true, value: m });
        expect(parseReverseMapping(String(remotePort))).toEqual({
          ok: true,
          value: { remotePort, localPort: remotePort },
        });
      }),
    );
  });

  it('never throws; more than two parts is mirrord’s format error', () => {
    expectNeverThrows(parseReverseMapping, anyText);
    fc.assert(
      fc.property(fc.array(port.map(String), { minLength: 3, maxLength: 6 }), (parts) => {
        const r = parseReverseMapping(parts.join(':'));
        expect(r.ok === false && r.error.startsWith('Invalid format of argument')).toBe(true);
      }),
    );
  });
});

describe('targets', () => {
  it('round-trips every valid target through its path and its config object', () => {
    fc.assert(
      fc.property(target, (t) => {
        expect(parseTarget(formatTarget(t))).toEqual({ ok: true, value: t });
        if (t.kind === 'targetless') return;
        const obj: Record<string, string> = { [OBJECT_KEY[t.kind]]: t.name };
        if (t.container !== undefined) obj.container = t.container;
        expect(parseTarget(obj)).toEqual({ ok: true, value: t });
        expect(parseTargetConfig({ path: obj, namespace: 'ns' })).toEqual({
          ok: true,
          value: { target: t, namespace: 'ns' },
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any string or JSON value', () => {
    expectNeverThrows(parseTarget, anyText);
    expectNeverThrows(parseTarget, fc.jsonValue());
    expectNeverThrows(parseTargetConfig, fc.jsonValue());
    expectNeverThrows(
      parseTarget,
      fc.dictionary(fc.constantFrom('pod', 'cron_job', 'container', 'x'), fc.jsonValue()),
    );
  });
});

describe('rule validation', () => {
  it('never throws on arbitrary rule fields', () => {
    const input = fc.record({
      direction: fc.constantFrom('L' as const, 'R' as const),
      spec: anyText,
      target: fc.option(fc.oneof(anyText, target.map(formatTarget)), { nil: undefined }),
      bindAddress: fc.option(fc.oneof(anyText, fc.ipV4(), fc.ipV6()), { nil: undefined }),
    });
    expectNeverThrows(parseRule, input);
    expectNeverThrows((s: string) => validateRuleSpec('L', s), anyText);
  });
});

describe('IP literals', () => {
  // The WHATWG URL parser is an independent IPv6 validator available in Node and browsers alike.
  const urlAcceptsV6 = (s: string): boolean => {
    try {
      return new URL(`http://[${s}]/`).hostname.length > 2;
    } catch {
      return false;
    }
  };
  it('isIpv6 agrees with the URL parser', () => {
    const v6ish = fc.string({
      unit: fc.constantFrom(...'0123456789abcdefABCDEF:.g'.split('')),
      maxLength: 45,
    });
    fc.assert(
      fc.property(fc.oneof(v6ish, fc.ipV6()), (s) => {
        expect(isIpv6(s)).toBe(urlAcceptsV6(s));
      }),
      {
        numRuns: 5000,
      },
    );
  });
  it('isIpv4 accepts every generated address and rejects leading zeros', () => {
    fc.assert(
      fc.property(fc.ipV4(), (s) => {
        expect(isIpv4(s)).toBe(true);
      }),
    );
    expect(isIpv4('010.0.0.1')).toBe(false);
    expect(isIpv4('1.2.3')).toBe(false);
  });
});
