import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/model.ts';
import { ApiProvider } from '../api-context.tsx';
import { resetStore, useStore } from '../store/index.ts';
import { createFakeApi, ruleView, type FakeApi } from '../testing/fake-api.ts';
import { NotifySettings } from './notify-settings.tsx';
import { WebNotifications } from './web-notifications.tsx';

/** The web Notification API as a browser with permission granted offers it. */
class FakeNotification {
  static permission: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => 'granted' as NotificationPermission);
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: { body: string; tag: string },
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

let fake: FakeApi;
beforeEach(() => {
  resetStore();
  FakeNotification.shown = [];
  FakeNotification.permission = 'granted';
  vi.stubGlobal('Notification', FakeNotification);
  vi.spyOn(document, 'hasFocus').mockReturnValue(false);
  fake = createFakeApi();
  useStore.getState().setInfo({ version: '0.1.0', host: 'web' });
  useStore.getState().setSettings({ ...DEFAULT_SETTINGS });
  useStore.getState().setRules([ruleView({ id: 'a', name: 'api', state: 'listening' })]);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const ui = () =>
  render(
    <ApiProvider api={fake.api}>
      <WebNotifications />
      <NotifySettings />
    </ApiProvider>,
  );

describe('browser-host notifications', () => {
  it('a rule that fails in a background tab notifies; clicking focuses the rule', () => {
    ui();
    act(() =>
      useStore
        .getState()
        .setRules([ruleView({ id: 'a', name: 'api', state: 'failed', reason: 'pod gone' })]),
    );
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([
      ['Rule failed', 'api (-L 8080:api:80) could not start: pod gone'],
    ]);
    act(() => FakeNotification.shown[0]?.onclick?.());
    expect(useStore.getState()).toMatchObject({ focusRuleId: 'a' });
  });

  it('muting the rule in the settings stops its notifications', async () => {
    ui();
    fireEvent.click(screen.getByText('Notifications'));
    await act(async () => {
      fireEvent.click(screen.getByRole('checkbox', { name: 'api' }));
    });
    expect(fake.api.settingsSet).toHaveBeenCalledWith({ mutedRuleIds: ['a'] });
    act(() => useStore.getState().setSettings({ ...DEFAULT_SETTINGS, mutedRuleIds: ['a'] }));
    act(() => useStore.getState().setRules([ruleView({ id: 'a', name: 'api', state: 'failed' })]));
    expect(FakeNotification.shown).toEqual([]);
  });

  it('asks for permission with a button when the browser has not decided yet; nothing in Electron', async () => {
    FakeNotification.permission = 'default';
    ui();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Enable notifications' }));
    });
    expect(FakeNotification.requestPermission).toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: 'Enable notifications' })).toBeNull();
    cleanup();
    act(() => useStore.getState().setInfo({ version: '0.1.0', host: 'electron' }));
    FakeNotification.permission = 'default';
    ui();
    expect(screen.queryByRole('button', { name: 'Enable notifications' })).toBeNull();
    expect(screen.getByText('Keep running in the tray when the window closes')).toBeTruthy();
  });
});
