import { memo } from 'react';
import { Sparkline } from '../charts/sparkline.tsx';
import { formatBytes, formatDuration, formatRate } from '../format.ts';
import { useStore } from '../store/index.ts';

const EMPTY: number[] = [];

/**
 * One connection; selects only its own record, so a delta re-renders only the rows it names.
 * `now` ticks once a second for the duration of open connections.
 */
export const ConnectionRow = memo(function ConnectionRow({
  id,
  now,
  top,
}: {
  id: string;
  now: number;
  top: number;
}) {
  const c = useStore((s) => s.connections[id]);
  const live = useStore((s) => s.connLive[id]);
  if (!c) return null;
  const rate = (live?.rateUp ?? 0) + (live?.rateDown ?? 0);
  return (
    <div
      className="conn-row"
      role="row"
      data-testid="connection-row"
      data-state={c.state}
      ref={(el) => {
        // Positioned through the CSSOM: the CSP forbids inline style attributes, not this.
        if (el) el.style.transform = `translateY(${top}px)`;
      }}
    >
      <span role="cell" data-testid="conn-peer">
        {c.peer}
      </span>
      <span role="cell" data-testid="conn-route">
        {c.route ?? '—'}
        {c.remote ? ` → ${c.remote}` : ''}
      </span>
      <span role="cell" data-testid="conn-pod">
        {c.pod ?? '—'}
      </span>
      <span role="cell" className={`state state-${c.state}`} data-testid="conn-state">
        {c.state}
      </span>
      <span role="cell" className="num" data-testid="conn-up" title={`${c.bytesUp} bytes`}>
        {formatBytes(c.bytesUp)}
      </span>
      <span role="cell" className="num" data-testid="conn-down" title={`${c.bytesDown} bytes`}>
        {formatBytes(c.bytesDown)}
      </span>
      <span role="cell" className="num" data-testid="conn-rate">
        {formatRate(rate)}
      </span>
      <span role="cell">
        <Sparkline values={live?.spark ?? EMPTY} label="connection throughput" />
      </span>
      <span role="cell" className="num" data-testid="conn-duration">
        {formatDuration((c.closedAt ?? now) - c.openedAt)}
      </span>
      <span role="cell" data-testid="conn-reason">
        {c.reason ?? ''}
      </span>
    </div>
  );
});
