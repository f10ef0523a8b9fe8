/** A RuleRunner that forwards nothing but records starts/stops and lets tests set counters. */
import type { RuleStats } from '../../../shared/model.ts';
import { emptyStats, type RuleRunner } from '../rules/rule-runner.ts';

export interface RecordingRunner extends RuleRunner {
  /** Rule ids started, in order. */
  readonly started: string[];
  readonly stopped: string[];
  /** Ids currently running. */
  running(): string[];
  /** Sets a rule's counters and fires a stats flush, as the connection table does. */
  setStats(id: string, stats: Partial<RuleStats>): void;
  flush(): void;
}

export function createRecordingRunner(): RecordingRunner {
  const started: string[] = [];
  const stopped: string[] = [];
  const live = new Set<string>();
  const stats = new Map<string, RuleStats>();
  const statsListeners = new Set<() => void>();
  const flush = (): void => {
    for (const l of [...statsListeners]) l();
  };
  return {
    started,
    stopped,
    running: () => [...live],
    start(rule, report) {
      started.push(rule.rule.id);
      live.add(rule.rule.id);
      report({ state: 'listening', listenAddress: `127.0.0.1:${rule.rule.spec.split(':')[0]}` });
    },
    async stop(id) {
      if (live.delete(id)) stopped.push(id);
    },
    forget: (id) => void stats.delete(id),
    stats: (id) => ({ ...(stats.get(id) ?? emptyStats()) }),
    connections: () => [],
    onConnectionsChanged: () => () => undefined,
    onStatsChanged(l) {
      statsListeners.add(l);
      return () => statsListeners.delete(l);
    },
    setStats(id, s) {
      stats.set(id, { ...(stats.get(id) ?? emptyStats()), ...s });
      flush();
    },
    flush,
    async dispose() {
      live.clear();
    },
  };
}
