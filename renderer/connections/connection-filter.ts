import type { ConnectionView } from '../../shared/model.ts';
import type { ConnFilter } from '../store/ui.slice.ts';

export const FILTERS: { value: ConnFilter; label: string }[] = [
  { value: 'all', label: 'all' },
  { value: 'live', label: 'live (connecting, open, half-closed)' },
  { value: 'open', label: 'open' },
  { value: 'closed', label: 'closed' },
  { value: 'failed', label: 'failed' },
];

const LIVE = new Set(['connecting', 'open', 'half-closed']);

/** Whether a connection passes the state filter. */
export function passes(c: ConnectionView | undefined, f: ConnFilter): boolean {
  if (!c) return false;
  if (f === 'all') return true;
  if (f === 'live') return LIVE.has(c.state);
  return c.state === f;
}
