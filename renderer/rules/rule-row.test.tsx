import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RuleView } from '../../shared/model.ts';
import { PortsideError } from '../../shared/errors.ts';
import { ApiProvider } from '../api-context.tsx';
import { resetStore, useStore } from '../store/index.ts';
import { createFakeApi, ruleView, type FakeApi } from '../testing/fake-api.ts';
import { RuleRow } from './rule-row.tsx';

let fake: FakeApi;
let answer: { resolve(r: RuleView): void; reject(e: unknown): void };

beforeEach(() => {
  resetStore();
  fake = createFakeApi();
  // The host answers only when the test says so: stopping a real rule takes a while.
  fake.api.rulesSetEnabled = vi.fn(
    () => new Promise<RuleView>((resolve, reject) => (answer = { resolve, reject })),
  );
  useStore.getState().setRules([ruleView({ id: 'r1', name: 'web' })]);
  render(
    <ApiProvider api={fake.api}>
      <RuleRow id="r1" />
    </ApiProvider>,
  );
});
afterEach(() => cleanup());

const toggle = () => screen.getByRole('checkbox', { name: 'Enable web' }) as HTMLInputElement;

describe('RuleRow toggle', () => {
  it('shows the click at once and holds it (disabled) until the host answers', async () => {
    act(() => void fireEvent.click(toggle()));
    expect(fake.api.rulesSetEnabled).toHaveBeenCalledWith({ id: 'r1', enabled: false });
    expect(toggle().checked).toBe(false);
    expect(toggle().disabled).toBe(true);
    expect(screen.getByTestId('rule-state').textContent).toBe('listening');

    await act(async () =>
      answer.resolve(ruleView({ id: 'r1', name: 'web', enabled: false, state: 'stopped' })),
    );
    expect(toggle().checked).toBe(false);
    expect(toggle().disabled).toBe(false);
    expect(screen.getByTestId('rule-state').textContent).toBe('stopped');
  });

  it('snaps back and says why when the host refuses', async () => {
    act(() => void fireEvent.click(toggle()));
    await act(async () => answer.reject(new PortsideError('NotFound', 'no rule r1')));
    expect(toggle().checked).toBe(true);
    expect(toggle().disabled).toBe(false);
    expect(screen.getByRole('alert').textContent).toBe('no rule r1');
  });
});
