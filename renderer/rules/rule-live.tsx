import { Sparkline } from '../charts/sparkline.tsx';
import { formatBytes, formatRate } from '../format.ts';
import { useStore } from '../store/index.ts';
import type { RuleView } from '../../shared/model.ts';

const EMPTY: never[] = [];

/** Counters, live rates and a sparkline of the last minutes (from `rules:stats`). */
export function RuleLive({ rule }: { rule: RuleView }) {
  const history = useStore((s) => s.rateHistory[rule.id] ?? EMPTY);
  const { stats } = rule;
  return (
    <div className="rule-live">
      <span className="counters" data-testid="rule-counters">
        open {stats.open} · total {stats.total} · failed {stats.failed} · ↑{' '}
        {formatBytes(stats.bytesUp)} · ↓ {formatBytes(stats.bytesDown)}
      </span>
      <span className="rates" data-testid="rule-rate">
        <span className="up">↑ {formatRate(stats.rateUp)}</span>{' '}
        <span className="down">↓ {formatRate(stats.rateDown)}</span>
      </span>
      <Sparkline
        label={`${rule.name} throughput, last minutes`}
        values={[0, ...history.map((h) => h.up + h.down)]}
      />
    </div>
  );
}
