import { describe, expect, it } from 'vitest';
import type { ConnectionView, RuleView } from '../../shared/model.ts';
import { createOutputPrinter } from './output-printer.ts';
import {
  connectionEvent,
  formatBytes,
  formatConnectionLine,
  formatDuration,
  formatRuleLine,
  ruleEvent,
} from './output.ts';

const stats = { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 };
const ruleL: RuleView = {
  id: 'r1',
  name: '-L 18080:py-serv:80',
  direction: 'L',
  spec: '18080:py-serv:80',
  enabled: true,
  state: 'listening',
  listenAddress: '127.0.0.1:18080',
  stats,
};
const ruleR: RuleView = {
  ...ruleL,
  id: 'r2',
  direction: 'R',
  spec: '80:8080',
  target: 'deployment/api',
  listenAddress: undefined,
};
const conn: ConnectionView = {
  id: 'c7',
  ruleId: 'r1',
  peer: '127.0.0.1:53122',
  route: 'service',
  pod: 'py-serv-1',
  remote: '10.0.0.7:80',
  state: 'open',
  bytesUp: 0,
  bytesDown: 0,
  openedAt: 1_000,
};

describe('rule lines', () => {
  it('shows where it listens and what it reaches', () => {
    expect(formatRuleLine(ruleL)).toBe('rule L 127.0.0.1:18080 → py-serv:80 listening');
    expect(formatRuleLine({ ...ruleL, listenAddress: undefined, bindAddress: '::1' })).toBe(
      'rule L [::1]:18080 → py-serv:80 listening',
    );
    expect(
      formatRuleLine({ ...ruleL, state: 'failed', reason: 'port 18080 is in use; try 18081' }),
    ).toBe('rule L 127.0.0.1:18080 → py-serv:80 failed: port 18080 is in use; try 18081');
    expect(
      formatRuleLine({
        ...ruleL,
        spec: '5432:localhost:5432',
        target: 'statefulset/postgres',
        listenAddress: undefined,
      }),
    ).toBe('rule L 127.0.0.1:5432 → localhost:5432 via statefulset/postgres listening');
    expect(formatRuleLine(ruleR)).toBe('rule R deployment/api:80 → 127.0.0.1:8080 listening');
  });

  it('has a JSON form', () => {
    expect(
      JSON.parse(JSON.stringify(ruleEvent({ ...ruleL, state: 'failed', reason: 'boom' }))),
    ).toEqual({
      type: 'rule',
      id: 'r1',
      name: '-L 18080:py-serv:80',
      direction: 'L',
      spec: '18080:py-serv:80',
      state: 'failed',
      reason: 'boom',
      listen: '127.0.0.1:18080',
    });
  });
});

describe('connection lines', () => {
  it('shows peer, destination, route, pod and resolved address when open', () => {
    expect(formatConnectionLine(conn, ruleL)).toBe(
      'conn c7 open 127.0.0.1:53122 → py-serv:80 via service pod py-serv-1 (10.0.0.7:80)',
    );
  });

  it('shows exact bytes, duration and reason when closed or failed', () => {
    const closed = {
      ...conn,
      state: 'closed' as const,
      bytesUp: 78,
      bytesDown: 2048,
      closedAt: 1_012,
    };
    expect(formatConnectionLine(closed, ruleL)).toBe(
      'conn c7 closed 127.0.0.1:53122 → py-serv:80 via service pod py-serv-1 (10.0.0.7:80): 78 B up, 2048 B (2.0 KiB) down, 12 ms',
    );
    const failed = {
      ...conn,
      state: 'failed' as const,
      remote: undefined,
      pod: undefined,
      closedAt: 3_500,
      reason: 'no Ready pod for service py-serv',
    };
    expect(formatConnectionLine(failed, ruleL)).toBe(
      'conn c7 failed 127.0.0.1:53122 → py-serv:80 via service: 0 B up, 0 B down, 2.5 s, no Ready pod for service py-serv',
    );
  });

  it('delivers -R connections to the local port, and copes without the rule', () => {
    expect(
      formatConnectionLine(
        { ...conn, ruleId: 'r2', route: 'agent', remote: undefined, peer: '10.1.0.4:4000' },
        ruleR,
      ),
    ).toBe('conn c7 open 10.1.0.4:4000 → 127.0.0.1:8080 via agent pod py-serv-1');
    expect(formatConnectionLine(conn)).toBe(
      'conn c7 open 127.0.0.1:53122 → 10.0.0.7:80 via service pod py-serv-1',
    );
  });

  it('has a JSON form with the duration', () => {
    const closed = {
      ...conn,
      state: 'closed' as const,
      bytesUp: 5,
      bytesDown: 6,
      closedAt: 1_250,
      reason: 'pod closed',
    };
    expect(connectionEvent(closed)).toEqual({
      type: 'connection',
      id: 'c7',
      rule: 'r1',
      peer: '127.0.0.1:53122',
      route: 'service',
      pod: 'py-serv-1',
      remote: '10.0.0.7:80',
      state: 'closed',
      bytesUp: 5,
      bytesDown: 6,
      openedAt: 1_000,
      closedAt: 1_250,
      durationMs: 250,
      reason: 'pod closed',
    });
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(16 * 1024 * 1024)).toBe('16777216 B (16.0 MiB)');
    expect(formatDuration(999)).toBe('999 ms');
    expect(formatDuration(59_949)).toBe('59.9 s');
    expect(formatDuration(123_000)).toBe('2m 03s');
  });
});

describe('createOutputPrinter', () => {
  it('prints each rule state change once; humans do not see "starting"', () => {
    const p = createOutputPrinter('human');
    expect(p.rules([{ ...ruleL, state: 'stopped', listenAddress: undefined }])).toEqual([]);
    expect(p.rules([{ ...ruleL, state: 'starting', listenAddress: undefined }])).toEqual([]);
    expect(p.rules([ruleL])).toEqual(['rule L 127.0.0.1:18080 → py-serv:80 listening']);
    expect(p.rules([{ ...ruleL, stats: { ...stats, total: 3 } }])).toEqual([]);
    expect(p.rules([{ ...ruleL, state: 'stopped', listenAddress: undefined }])).toEqual([
      'rule L 127.0.0.1:18080 → py-serv:80 stopped',
    ]);
  });

  it('announces a connection first seen half-closed (batching skipped "open"), once', () => {
    const human = createOutputPrinter('human');
    human.rules([ruleL]);
    const steps: ConnectionView[] = [
      { ...conn, state: 'connecting' },
      { ...conn, state: 'half-closed', bytesUp: 10 },
      { ...conn, state: 'open', bytesUp: 10 },
      { ...conn, state: 'closed', bytesUp: 10, bytesDown: 20, closedAt: 1_100 },
    ];
    const lines = steps.flatMap((c) => human.connections({ upserted: [c], removed: [] }));
    expect(lines).toEqual([
      'conn c7 half-closed 127.0.0.1:53122 → py-serv:80 via service pod py-serv-1 (10.0.0.7:80)',
      'conn c7 closed 127.0.0.1:53122 → py-serv:80 via service pod py-serv-1 (10.0.0.7:80): 10 B up, 20 B down, 100 ms',
    ]);
  });

  it('reports a rule that stops with a reason at once, in JSON too', () => {
    const p = createOutputPrinter('json');
    const [line] = p.rules([
      { ...ruleL, state: 'stopped', reason: 'not available', listenAddress: undefined },
    ]);
    expect(JSON.parse(line ?? '')).toMatchObject({
      type: 'rule',
      state: 'stopped',
      reason: 'not available',
    });
  });

  it('prints connection open and close for humans, every state in JSON, never counter-only updates', () => {
    const human = createOutputPrinter('human');
    const json = createOutputPrinter('json');
    human.rules([ruleL]);
    const steps: ConnectionView[] = [
      { ...conn, state: 'connecting' },
      conn,
      { ...conn, bytesUp: 10 },
      { ...conn, state: 'half-closed', bytesUp: 10 },
      { ...conn, state: 'closed', bytesUp: 10, bytesDown: 20, closedAt: 1_100 },
    ];
    const humanLines = steps.flatMap((c) => human.connections({ upserted: [c], removed: [] }));
    expect(humanLines).toEqual([
      'conn c7 open 127.0.0.1:53122 → py-serv:80 via service pod py-serv-1 (10.0.0.7:80)',
      'conn c7 closed 127.0.0.1:53122 → py-serv:80 via service pod py-serv-1 (10.0.0.7:80): 10 B up, 20 B down, 100 ms',
    ]);
    const events = steps
      .flatMap((c) => json.connections({ upserted: [c], removed: [] }))
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.state)).toEqual(['connecting', 'open', 'half-closed', 'closed']);
    expect(events.at(-1)).toMatchObject({
      type: 'connection',
      bytesUp: 10,
      bytesDown: 20,
      durationMs: 100,
    });
  });

  it('prints a connection first seen already closed exactly once', () => {
    const p = createOutputPrinter('json');
    const closed = { ...conn, state: 'closed' as const, closedAt: 2_000 };
    expect(p.connections({ upserted: [closed], removed: [] })).toHaveLength(1);
    expect(p.connections({ upserted: [closed], removed: [] })).toHaveLength(0);
  });

  it('remembers a bounded number of connections', () => {
    const p = createOutputPrinter('json', 2);
    const mk = (id: string): ConnectionView => ({ ...conn, id, state: 'closed', closedAt: 2_000 });
    p.connections({ upserted: [mk('a'), mk('b'), mk('c')], removed: [] });
    // `a` was forgotten (oldest), so a repeat prints again; `c` is still remembered.
    expect(p.connections({ upserted: [mk('c')], removed: [] })).toHaveLength(0);
    expect(p.connections({ upserted: [mk('a')], removed: [] })).toHaveLength(1);
  });
});

describe('probe health in the output', () => {
  const base: RuleView = {
    id: 'r1',
    name: '-L 18080:py-serv:80',
    direction: 'L',
    spec: '18080:py-serv:80',
    enabled: true,
    state: 'listening',
    listenAddress: '127.0.0.1:18080',
    stats: { open: 0, total: 0, failed: 0, bytesUp: 0, bytesDown: 0, rateUp: 0, rateDown: 0 },
  };

  it('prints the probe result on the rule line and in --json, once per change', () => {
    const sick = {
      ...base,
      health: { state: 'unhealthy' as const, reason: 'GET / answered HTTP 503', checkedAt: 5 },
    };
    expect(formatRuleLine(sick)).toBe(
      'rule L 127.0.0.1:18080 → py-serv:80 listening, probe unhealthy: GET / answered HTTP 503',
    );
    expect(ruleEvent(sick).health).toEqual(sick.health);
    const human = createOutputPrinter('human');
    expect(human.rules([base])).toHaveLength(1);
    expect(human.rules([sick])).toEqual([formatRuleLine(sick)]);
    expect(human.rules([sick])).toEqual([]);
    const well = { ...base, health: { state: 'healthy' as const, checkedAt: 7 } };
    expect(human.rules([well])).toEqual([
      'rule L 127.0.0.1:18080 → py-serv:80 listening, probe healthy',
    ]);
  });
});
