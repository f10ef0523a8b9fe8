import { useId } from 'react';
import { useStore } from '../store/index.ts';
import type { ConnFilter } from '../store/ui.slice.ts';
import { FILTERS } from './connection-filter.ts';
import { ConnectionList } from './connection-list.tsx';
import { ThroughputChart } from './throughput-chart.tsx';
import './connections.css';

/** A rule's throughput chart and its live connection list, filterable by state. */
export function ConnectionsPanel({ ruleId, ruleName }: { ruleId: string; ruleName: string }) {
  const filterId = useId();
  const filter = useStore((s) => s.connFilter[ruleId] ?? 'all');
  const count = useStore((s) => s.connIdsByRule[ruleId]?.length ?? 0);
  return (
    <section className="conn-panel" aria-label={`Connections of ${ruleName}`}>
      <ThroughputChart ruleId={ruleId} label={`${ruleName} throughput`} />
      <div className="conn-tools">
        <label htmlFor={filterId}>Show</label>
        <select
          id={filterId}
          value={filter}
          aria-label={`Show connections of ${ruleName}`}
          onChange={(e) => useStore.getState().setConnFilter(ruleId, e.target.value as ConnFilter)}
        >
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="connections-count">
          {count} kept (newest first)
        </span>
      </div>
      <ConnectionList ruleId={ruleId} />
    </section>
  );
}
