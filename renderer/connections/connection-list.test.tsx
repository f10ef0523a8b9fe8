import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../shared/model.ts';
import { resetStore, useStore } from '../store/index.ts';
import { ruleView } from '../testing/fake-api.ts';
import { ConnectionsPanel } from './connections-panel.tsx';

const conn = (over: Partial<ConnectionView>): ConnectionView => ({
  id: 'c1',
  ruleId: 'r1',
  peer: '127.0.0.1:50001',
  state: 'open',
  bytesUp: 0,
  bytesDown: 0,
  openedAt: 1,
  ...over,
});

beforeEach(() => {
  resetStore();
  useStore.getState().setRules([ruleView({ id: 'r1', name: 'web' })]);
  render(<ConnectionsPanel ruleId="r1" ruleName="web" />);
});
afterEach(() => cleanup());

describe('ConnectionList', () => {
  it('names every cell (e2e reads them) and gives exact bytes in the tooltip', () => {
    act(() =>
      useStore.getState().setConnections([
        conn({
          route: 'service',
          remote: '10.244.0.2:80',
          pod: 'py-serv-abc-1',
          state: 'closed',
          bytesUp: 60,
          bytesDown: 1_536_123,
          openedAt: 1000,
          closedAt: 66_000,
          reason: 'remote closed',
        }),
        conn({ id: 'other', ruleId: 'r2' }),
      ]),
    );
    const rows = screen.getAllByTestId('connection-row');
    expect(rows).toHaveLength(1);
    const cell = (id: string) => within(rows[0]!).getByTestId(id);
    expect(cell('conn-peer').textContent).toBe('127.0.0.1:50001');
    expect(cell('conn-route').textContent).toBe('service → 10.244.0.2:80');
    expect(cell('conn-pod').textContent).toBe('py-serv-abc-1');
    expect(cell('conn-state').textContent).toBe('closed');
    expect(cell('conn-up').textContent).toBe('60 B');
    expect(cell('conn-up').title).toBe('60 bytes');
    expect(cell('conn-down').textContent).toBe('1.5 MiB');
    expect(cell('conn-down').title).toBe('1536123 bytes');
    expect(cell('conn-rate').textContent).toBe('0 B/s');
    expect(cell('conn-duration').textContent).toBe('1m 05s');
    expect(cell('conn-reason').textContent).toBe('remote closed');
  });

  it('shows dashes while route and pod are not known yet', () => {
    act(() => useStore.getState().setConnections([conn({ state: 'connecting' })]));
    expect(screen.getByTestId('conn-route').textContent).toBe('—');
    expect(screen.getByTestId('conn-pod').textContent).toBe('—');
  });

  it('shows the live rate of a connection from successive deltas', () => {
    const s = useStore.getState();
    act(() => s.applyConnectionsDelta({ upserted: [conn({})], removed: [] }, 0));
    act(() =>
      s.applyConnectionsDelta({ upserted: [conn({ bytesDown: 2048 })], removed: [] }, 1000),
    );
    expect(screen.getByTestId('conn-rate').textContent).toBe('2.0 KiB/s');
  });

  it('keeps only a screenful of rows in the DOM for thousands of connections', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      conn({ id: `c${i}`, peer: `127.0.0.1:${10000 + i}`, openedAt: i }),
    );
    act(() => useStore.getState().setConnections(many));
    const rows = screen.getAllByTestId('connection-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]?.textContent).toContain('127.0.0.1:14999');
    expect(screen.getByTestId('connections-count').textContent).toBe('5000 kept (newest first)');
  });

  it('filters by state', () => {
    act(() =>
      useStore
        .getState()
        .setConnections([
          conn({ id: 'a', state: 'open', openedAt: 3 }),
          conn({ id: 'b', state: 'closed', openedAt: 2 }),
          conn({ id: 'c', state: 'failed', openedAt: 1, reason: 'pod not ready' }),
        ]),
    );
    const show = screen.getByLabelText('Show connections of web');
    const states = () => screen.getAllByTestId('connection-row').map((r) => r.dataset.state);
    expect(states()).toEqual(['open', 'closed', 'failed']);
    fireEvent.change(show, { target: { value: 'failed' } });
    expect(states()).toEqual(['failed']);
    fireEvent.change(show, { target: { value: 'live' } });
    expect(states()).toEqual(['open']);
    fireEvent.change(show, { target: { value: 'half-closed' } });
    expect(screen.queryAllByTestId('connection-row')).toHaveLength(0);
  });
});
