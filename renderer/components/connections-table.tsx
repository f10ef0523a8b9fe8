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
          <th className="num">↑ Up</th>
          <th className="num">↓ Down</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {list.map((c) => (
          <tr key={c.id} data-testid="connection-row" data-state={c.state}>
            <td data-testid="conn-peer">{c.peer}</td>
            <td data-testid="conn-route">
              {c.route ?? '—'}
              {c.remote ? ` → ${c.remote}` : ''}
            </td>
            <td data-testid="conn-pod">{c.pod ?? '—'}</td>
            <td className={`state state-${c.state}`} data-testid="conn-state">
              {c.state}
            </td>
            <td className="num" data-testid="conn-up" title={`${c.bytesUp} bytes`}>
              {formatBytes(c.bytesUp)}
            </td>
            <td className="num" data-testid="conn-down" title={`${c.bytesDown} bytes`}>
              {formatBytes(c.bytesDown)}
            </td>
            <td data-testid="conn-reason">{c.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
