import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';
import { passes } from './connection-filter.ts';
import { ConnectionRow } from './connection-row.tsx';
import { useNow } from './use-now.ts';

export const ROW_HEIGHT = 26;
/** The list's visible height in CSS (connections.css `.conn-viewport`); used until measured. */
export const VIEWPORT_HEIGHT = 260;
const NO_IDS: readonly string[] = [];

/**
 * A rule's connections, newest first, virtualized: only the rows in view (plus a few) are in the
 * DOM, so thousands of connections cost what a screenful does.
 */
export function ConnectionList({ ruleId }: { ruleId: string }) {
  const filter = useStore((s) => s.connFilter[ruleId] ?? 'all');
  const ids = useStore(
    useShallow((s) => {
      const all = s.connIdsByRule[ruleId] ?? NO_IDS;
      return filter === 'all' ? all : all.filter((id) => passes(s.connections[id], filter));
    }),
  );
  const anyLive = useStore((s) => s.rulesById[ruleId]?.stats.open !== 0);
  const now = useNow(1000, anyLive);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer keeps its own mutable state; this component is simply not auto-memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 0, height: VIEWPORT_HEIGHT },
    // An unmeasured box (not laid out yet) reads as 0 high; fall back to the CSS height.
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (r) => cb(r.height > 0 ? r : { ...r, height: VIEWPORT_HEIGHT })),
  });
  if (ids.length === 0) {
    return (
      <p className="empty conns-empty" data-testid="connections-empty">
        {filter === 'all' ? 'No connections yet.' : 'No connection in this state.'}
      </p>
    );
  }
  return (
    <div className="conns" role="table" aria-label="Connections" data-testid="connections">
      <div className="conn-row conn-head" role="row">
        {[
          'Peer',
          'Route',
          'Pod',
          'State',
          '↑ Up',
          '↓ Down',
          'Rate',
          '',
          'Duration',
          'Close reason',
        ].map((h, i) => (
          <span role="columnheader" key={i} className={i >= 4 && i <= 8 ? 'num' : undefined}>
            {h}
          </span>
        ))}
      </div>
      <div className="conn-viewport" ref={scrollRef} data-testid="connections-viewport">
        <div
          className="conn-canvas"
          ref={(el) => {
            if (el) el.style.height = `${virtualizer.getTotalSize()}px`;
          }}
        >
          {virtualizer.getVirtualItems().map((v) => (
            <ConnectionRow key={ids[v.index]} id={ids[v.index] ?? ''} now={now} top={v.start} />
          ))}
        </div>
      </div>
    </div>
  );
}
