import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../api-context.tsx';
import { ProfilesBar } from '../profiles/profiles-bar.tsx';
import { bindApi } from '../store/bind-api.ts';
import { resetStore, useStore } from '../store/index.ts';
import { createFakeApi, ruleView, type FakeApi } from '../testing/fake-api.ts';
import { RulesView } from './rules-view.tsx';

let fake: FakeApi;
let unbind: () => void;

beforeEach(async () => {
  resetStore();
  fake = createFakeApi([
    ruleView({ id: 'a', name: 'shop web', spec: '8080:web:80', target: 'deployment/web' }),
    ruleView({ id: 'b', name: 'db', spec: '5432:db:5432', enabled: false, state: 'stopped' }),
    ruleView({ id: 'c', name: 'cache', spec: '6379:redis:6379' }),
  ]);
  render(
    <ApiProvider api={fake.api}>
      <ProfilesBar />
      <RulesView />
    </ApiProvider>,
  );
  unbind = bindApi({ api: fake.api });
  await screen.findByText('shop web');
});
afterEach(() => {
  unbind();
  cleanup();
});

const names = () => screen.getAllByTestId('rule-name').map((n) => n.textContent);
const press = (name: string) =>
  act(async () => void fireEvent.click(screen.getByRole('button', { name })));
const check = (name: string) =>
  act(() => void fireEvent.click(screen.getByRole('checkbox', { name })));
const row = (name: string) =>
  screen.getAllByTestId('rule-row').find((r) => within(r).queryByText(name)) as HTMLElement;

describe('RulesView', () => {
  it('filters by what is typed, and says when nothing matches', () => {
    const box = screen.getByLabelText('Filter rules');
    fireEvent.change(box, { target: { value: 'deploy' } });
    expect(names()).toEqual(['shop web']);
    fireEvent.change(box, { target: { value: 'stopped' } });
    expect(names()).toEqual(['db']);
    fireEvent.change(box, { target: { value: 'nothing' } });
    expect(screen.getByTestId('rules-filtered-out')).toBeTruthy();
  });

  it('starts and stops a selection, and selects all that is shown', async () => {
    check('Select db');
    check('Select cache');
    expect(screen.getByTestId('selection-count').textContent).toBe('2 selected');
    await press('Start selected');
    expect(fake.api.rulesSetEnabledMany).toHaveBeenCalledWith({ ids: ['b', 'c'], enabled: true });
    expect(row('db').dataset.state).toBe('listening');
    fireEvent.change(screen.getByLabelText('Filter rules'), { target: { value: 'shop' } });
    check('Select all shown rules');
    expect(screen.getByTestId('selection-count').textContent).toBe('1 selected');
  });

  it('saves the selection as a profile, then starts and stops it', async () => {
    check('Select shop web');
    check('Select db');
    fireEvent.change(screen.getByLabelText('Profile name'), { target: { value: 'shop-dev' } });
    await press('Save selection as profile');
    expect(fake.api.profilesSave).toHaveBeenCalledWith({ name: 'shop-dev', ruleIds: ['a', 'b'] });
    const profile = screen.getByTestId('profile-row');
    expect(within(profile).getByTestId('profile-name').textContent).toBe('shop-dev');
    await press('Start profile shop-dev');
    expect(fake.api.profilesStart).toHaveBeenCalledWith({ name: 'shop-dev' });
    await press('Stop profile shop-dev');
    expect(fake.api.profilesStop).toHaveBeenCalledWith({ name: 'shop-dev' });
    act(() =>
      fake.emit('profiles:changed', [{ name: 'shop-dev', ruleIds: ['a', 'b'], running: true }]),
    );
    expect(screen.getByTestId('profile-state').textContent).toBe('running');
  });

  it('duplicates a rule as a stopped copy', async () => {
    await press('Duplicate cache');
    expect(fake.api.rulesDuplicate).toHaveBeenCalledWith({ id: 'c' });
    expect(names()).toEqual(['shop web', 'db', 'cache', 'cache (copy)']);
    expect(row('cache (copy)').dataset.state).toBe('stopped');
  });

  it('removes a rule with undo', async () => {
    await press('Remove db');
    expect(names()).toEqual(['shop web', 'cache']);
    expect(screen.getByTestId('undo-bar').textContent).toContain('Removed “db”.');
    await press('Undo');
    expect(fake.api.rulesRestore).toHaveBeenCalledWith({ id: 'b' });
    expect(names()).toHaveLength(3);
    expect(screen.queryByTestId('undo-bar')).toBeNull();
  });

  it('opens the editor on a rule, folds its connections, shows agents and health', () => {
    act(() =>
      useStore.getState().upsertRule(
        ruleView({
          id: 'c',
          name: 'cache',
          direction: 'R',
          spec: '80:8080',
          target: 'deployment/api',
          health: { state: 'unhealthy', reason: 'probe timed out' },
          agents: [{ pod: 'api-1', namespace: 'default', state: 'ready', mode: 'steal' }],
        }),
      ),
    );
    const r = within(row('cache'));
    expect(r.getByTestId('rule-health').textContent).toBe('health: unhealthy — probe timed out');
    expect(r.getByTestId('rule-agent').textContent).toBe('agent in api-1: ready (steal)');
    expect(r.getByTestId('rule-route').textContent).toBe('route: agent');
    expect(within(row('shop web')).getByTestId('rule-route').textContent).toBe('route: agent');
    fireEvent.click(r.getByRole('button', { name: 'Edit cache' }));
    expect(useStore.getState().editor).toEqual({ mode: 'edit', ruleId: 'c' });
    fireEvent.click(r.getByRole('button', { name: 'Hide connections of cache' }));
    expect(r.queryByRole('region', { name: 'Connections of cache' })).toBeNull();
  });
});
