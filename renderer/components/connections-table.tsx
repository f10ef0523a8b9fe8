import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';
import { formatBytes } from '../format.ts';

/** The connections of one rule, newest first; empty until the engine forwards something. */
export function ConnectionsTable({ ruleId }: { ruleId: string }) {
  const mine = useStore(
    useShallow((s) => Object.values(s.connections).filter((c) => c.ruleId === ruleId)),
  );
  const list = [...mine].sort((a, b) => b.openedAt - a.openedAt);
  if (list.length === 0) {
    return (
      <p className="empty conns-empty" data-testid="connections-empty">
        No connections yet.
      </p>
    );
  }
  return (
    <table className="conns" data-testid="connections">
      <thead>
        <tr>
          <th>Peer</th>
          <th>Route</th>
          <th>Pod</th>
          <th>State</th>
          <th>↑ Up</th>
          <th>↓ Down</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {list.map((c) => (
          <tr key={c.id} data-testid="connection-row" data-state={c.state}>
            <td>{c.peer}</td>
            <td>
              {c.route ?? '—'}
              {c.remote ? ` → ${c.remote}` : ''}
            </td>
            <td>{c.pod ?? '—'}</td>
            <td className={`state state-${c.state}`}>{c.state}</td>
            <td>{formatBytes(c.bytesUp)}</td>
            <td>{formatBytes(c.bytesDown)}</td>
            <td>{c.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
