import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../api-context.tsx';
import { bindApi } from '../store/bind-api.ts';
import { resetStore, useStore } from '../store/index.ts';
import { selectRules } from '../store/selectors.ts';
import { createFakeApi, ruleView, type FakeApi } from '../testing/fake-api.ts';
import { App } from './app.tsx';

let fake: FakeApi;
let unbind: () => void;

beforeEach(async () => {
  resetStore();
  fake = createFakeApi([
    ruleView({
      id: 'a',
      name: 'api',
      state: 'failed',
      reason: 'pod api-0 not found',
      listenAddress: undefined,
      bindAddress: '0.0.0.0',
    }),
    ruleView({
      id: 'b',
      name: 'db',
      spec: '5432:db:5432',
      stats: { open: 1, total: 3, failed: 1, bytesUp: 2048, bytesDown: 10, rateUp: 0, rateDown: 0 },
    }),
  ]);
  const { container } = render(
    <ApiProvider api={fake.api}>
      <App />
    </ApiProvider>,
  );
  expect(container.querySelector('[data-app-ready="false"]')).not.toBeNull();
  unbind = bindApi({ api: fake.api });
  await screen.findByText('api');
});
afterEach(() => {
  unbind();
  cleanup();
});

const row = (name: string) =>
  screen.getAllByTestId('rule-row').find((r) => within(r).queryByText(name)) as HTMLElement;

describe('App', () => {
  it('marks itself ready and shows header, rules with state, reason and counters', () => {
    expect(document.querySelector('[data-app-ready="true"]')).not.toBeNull();
    expect(screen.getByTestId('app-info').textContent).toBe('v0.1.0 · web');
    expect(screen.getAllByTestId('rule-row')).toHaveLength(2);
    expect(within(row('api')).getByTestId('rule-state').textContent).toBe('failed');
    expect(within(row('api')).getByTestId('rule-reason').textContent).toBe('pod api-0 not found');
    expect(within(row('api')).getByTestId('rule-exposed').textContent).toContain(
      'reachable from other machines',
    );
    expect(within(row('db')).queryByTestId('rule-exposed')).toBeNull();
    expect(within(row('db')).getByText('listening on 127.0.0.1:8080')).toBeTruthy();
    expect(within(row('db')).getByTestId('rule-counters').textContent).toBe(
      'open 1 · total 3 · failed 1 · ↑ 2.0 KiB · ↓ 10 B',
    );
    expect(within(row('db')).getByTestId('connections-empty')).toBeTruthy();
  });

  it('removes and toggles rules through the API', async () => {
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove api' })));
    expect(fake.api.rulesRemove).toHaveBeenCalledWith({ id: 'a' });
    expect(screen.getAllByTestId('rule-row')).toHaveLength(1);
    await act(async () => fireEvent.click(screen.getByRole('checkbox', { name: 'Enable db' })));
    expect(fake.api.rulesSetEnabled).toHaveBeenCalledWith({ id: 'b', enabled: false });
    expect(row('db').dataset.state).toBe('stopped');
    expect((screen.getByRole('checkbox', { name: 'Enable db' }) as HTMLInputElement).checked).toBe(
      false,
    );
  });

  it('shows a failed action next to its rule', async () => {
    fake.rules = fake.rules.filter((r) => r.id !== 'b');
    await act(async () => fireEvent.click(screen.getByRole('checkbox', { name: 'Enable db' })));
    expect(within(row('db')).getByRole('alert').textContent).toBe('no rule b');
  });

  it('lists a rule’s connections from deltas, newest first', () => {
    act(() =>
      fake.emitConnections({
        upserted: [
          {
            id: 'c1',
            ruleId: 'b',
            peer: '127.0.0.1:50001',
            route: 'pod-port',
            pod: 'db-0',
            state: 'closed',
            bytesUp: 5,
            bytesDown: 1500,
            openedAt: 1,
            reason: 'remote closed',
          },
          {
            id: 'c2',
            ruleId: 'b',
            peer: '127.0.0.1:50002',
            state: 'open',
            bytesUp: 0,
            bytesDown: 0,
            openedAt: 2,
          },
        ],
        removed: [],
      }),
    );
    const rows = within(row('db')).getAllByTestId('connection-row');
    expect(rows.map((r) => r.dataset.state)).toEqual(['open', 'closed']);
    expect(rows[1]?.textContent).toContain('db-0');
    expect(rows[1]?.textContent).toContain('1.5 KiB');
    expect(rows[1]?.textContent).toContain('remote closed');
    expect(within(row('api')).queryByTestId('connections')).toBeNull();
  });

  it('follows rules:changed from the host', () => {
    act(() => fake.emitRules([]));
    expect(screen.getByTestId('rules-empty')).toBeTruthy();
    expect(selectRules(useStore.getState())).toEqual([]);
  });
});

describe('keyboard', () => {
  it('/ focuses the rule filter, n the spec field; Escape leaves editing', () => {
    fireEvent.keyDown(document, { key: '/' });
    expect(document.activeElement).toBe(screen.getByLabelText('Filter rules'));
    (document.activeElement as HTMLElement).blur();
    fireEvent.keyDown(document, { key: 'n' });
    expect(document.activeElement).toBe(screen.getByLabelText('Spec'));
    fireEvent.keyDown(document, { key: '/' });
    expect(document.activeElement).toBe(screen.getByLabelText('Spec'));
    act(() => useStore.getState().setEditor({ mode: 'edit', ruleId: 'a' }));
    expect(screen.getByRole('form', { name: 'Edit rule' })).toBeTruthy();
    act(() => void fireEvent.keyDown(document, { key: 'Escape' }));
    expect(screen.getByRole('form', { name: 'Add rule' })).toBeTruthy();
  });
});

describe('theme and settings', () => {
  it('follows the OS by default and the setting when one is chosen', async () => {
    await vi.waitFor(() => expect(useStore.getState().settings).not.toBeNull());
    expect(document.documentElement.dataset.theme).toBeUndefined();
    fireEvent.change(screen.getByRole('combobox', { name: 'Theme' }), {
      target: { value: 'dark' },
    });
    await vi.waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(fake.api.settingsSet).toHaveBeenCalledWith({ theme: 'dark' });
    act(() => fake.emit('settings:changed', { restoreRunningRules: false, theme: 'system' }));
    expect(document.documentElement.dataset.theme).toBeUndefined();
    expect(
      (
        screen.getByRole('checkbox', {
          name: 'Restore running rules on launch',
        }) as HTMLInputElement
      ).checked,
    ).toBe(false);
  });
});
