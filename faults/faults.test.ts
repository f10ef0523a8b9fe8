/**
 * The fault matrix as integration tests: the same scenarios as `npm run faults`, smaller (a 3 s
 * freeze, a 200-connection storm, 64 MiB downloads). The agent scenarios need kube-sim netns mode
 * (root) and are skipped with a printed reason without it. Nothing may be lost silently: every
 * connection either verified its sha256 or ended with a reason.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, skipReason, type Durations, type FaultRow } from './matrix.ts';
import { scenarios } from './scenarios.ts';

const SMALL: Durations = {
  freezeMs: 3000,
  storm: 200,
  bigBytes: 64 * 1024 * 1024,
  outageMs: 4000,
};

/** What each scenario must show beyond "nothing lost silently". */
const expectations: Record<string, (r: FaultRow) => void> = {
  'pod deleted mid-transfer': (r) => expect(r.failed[0]?.reason).toMatch(/was deleted/),
  rollout: (r) => expect(r.failed.every((f) => /was deleted/.test(f.reason))).toBe(true),
  'API server restarted mid-transfer': (r) => expect(r.failed.length).toBeGreaterThan(0),
  'API server restarted idle': (r) => expect(r.bytesVerified).toBe(r.bytesSent),
  // Frozen, not closed: everything in flight resumes and completes.
  'API server frozen (sockets kept open)': (r) => expect(r.bytesVerified).toBe(r.bytesSent),
  'API server gone (connections during the outage)': (r) => {
    expect(r.failed.length).toBeGreaterThan(0);
    expect(r.bytesVerified).toBe(0);
  },
  'credentials rotated (exec plugin, 401 then refresh)': (r) => {
    expect(r.recoverMs).not.toBeNull();
    for (const f of r.failed) expect(f.reason).toMatch(/401|credentials|Unauthorized/i);
  },
  'upgrades refused': (r) => expect(r.failed[0]?.reason).toMatch(/refused the port-forward/),
  'streams closed': (r) => expect(r.failed.length).toBeGreaterThan(0),
  'slow reader': (r) => expect(r.bytesVerified).toBe(r.bytesSent),
  'storm of connections': (r) => expect(r.bytesVerified).toBe(r.bytesSent),
  'agent killed mid-transfer (-L agent route)': (r) => {
    expect(r.failed.length).toBeGreaterThan(0);
    for (const f of r.failed)
      expect(f.reason).toMatch(/the agent in pod .+ went away|the agent closed the stream/);
    expect(r.recoverMs).not.toBeNull();
  },
  '-R local target down': (r) => {
    expect(r.failed).toEqual([{ reason: expect.stringMatching(/nothing listens/), count: 4 }]);
    expect(r.bytesVerified).toBeGreaterThan(0);
    expect(r.recoverMs).not.toBeNull();
  },
  'agent killed (-R)': (r) => {
    // Which side notices first varies: the session's end, or the stream reset it causes.
    expect(r.failed).toEqual([
      {
        reason: expect.stringMatching(
          /the agent in pod .+ went away|the remote client or the agent reset the connection/,
        ),
        count: 1,
      },
    ]);
    expect(r.recoverMs).not.toBeNull();
  },
};

describe('fault matrix', () => {
  for (const s of scenarios) {
    const why = skipReason(s);
    if (why) console.warn(`fault scenario "${s.name}" skipped: ${why}`);
    it.skipIf(why)(
      s.name,
      async () => {
        const row = await runScenario(s, SMALL);
        console.log(JSON.stringify(row));
        expect(row.lostSilently).toBe(0);
        expect(row.connections).toBeGreaterThan(0);
        if (row.recoverMs !== null) expect(row.recoverMs).toBeGreaterThanOrEqual(0);
        expectations[s.name]?.(row);
      },
      90_000,
    );
  }
});
