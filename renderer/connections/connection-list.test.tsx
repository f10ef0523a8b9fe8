import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../../shared/model.ts';
import { resetStore, useStore } from '../store/index.ts';
import { ConnectionList } from './connection-list.tsx';

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
  render(<ConnectionList ruleId="r1" />);
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
    expect(cell('conn-down').className).toBe('num');
    expect(cell('conn-reason').textContent).toBe('remote closed');
  });

  it('shows dashes while route and pod are not known yet', () => {
    act(() => useStore.getState().setConnections([conn({ state: 'connecting' })]));
    expect(screen.getByTestId('conn-route').textContent).toBe('—');
    expect(screen.getByTestId('conn-pod').textContent).toBe('—');
  });
});
