import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventChannels, eventMethodName } from '../../shared/contract.ts';
import { PortsideError } from '../../shared/errors.ts';
import { createFakeApi, ruleView } from '../testing/fake-api.ts';
import type { LinkStatus } from '../ws-transport.ts';
import { bindApi } from './bind-api.ts';
import { resetStore, useStore } from './index.ts';
import { selectRules } from './selectors.ts';

beforeEach(() => resetStore());

const until = (pred: () => boolean) =>
  vi.waitFor(() => expect(pred()).toBe(true), { timeout: 2000 });

describe('bindApi', () => {
  it('binds listeners, then says ready, then loads the state', async () => {
    const fake = createFakeApi([ruleView({ id: 'a' })]);
    const unbind = bindApi({ api: fake.api });
    await until(() => useStore.getState().rulesLoaded);
    const ready = fake.calls.indexOf('appReady');
    // Every host event is listened to before the host is told it may send them.
    expect(fake.calls.slice(0, ready).sort()).toEqual(eventChannels.map(eventMethodName).sort());
    await until(() => useStore.getState().settings !== null);
    expect(fake.calls.slice(ready + 1).sort()).toEqual([
      'appInfo',
      'appNotices',
      'connectionsList',
      'profilesList',
      'rulesList',
      'settingsGet',
    ]);
    expect(useStore.getState()).toMatchObject({
      info: { host: 'web', version: '0.1.0' },
      link: 'open',
      settings: { restoreRunningRules: true, theme: 'system' },
      profiles: [],
      notices: [],
    });
    expect(selectRules(useStore.getState()).map((r) => r.id)).toEqual(['a']);
    unbind();
  });

  it('turns host events into store updates until unbound', async () => {
    const fake = createFakeApi();
    const unbind = bindApi({ api: fake.api });
    await until(() => useStore.getState().rulesLoaded);
    fake.emitRules([ruleView({ id: 'x', state: 'failed', reason: 'no such pod' })]);
    expect(selectRules(useStore.getState())[0]).toMatchObject({ id: 'x', reason: 'no such pod' });
    fake.emitConnections({
      upserted: [
        { id: 'c', ruleId: 'x', peer: 'p', state: 'open', bytesUp: 1, bytesDown: 2, openedAt: 0 },
      ],
      removed: [],
    });
    expect(useStore.getState().connections.c?.bytesDown).toBe(2);
    unbind();
    fake.emitRules([]);
    expect(selectRules(useStore.getState())).toHaveLength(1);
  });

  it('keeps the rules usable when profiles or settings cannot be loaded, and says so', async () => {
    const fake = createFakeApi([ruleView({ id: 'a' })]);
    fake.api.settingsGet = async () => {
      throw new PortsideError('Internal', 'settings file unreadable');
    };
    bindApi({ api: fake.api });
    await until(() => useStore.getState().appError !== null);
    expect(useStore.getState().appError).toBe(
      'Could not load profiles or settings: settings file unreadable',
    );
    expect(useStore.getState().rulesLoaded).toBe(true);
  });

  it('brings a rule into view when the host asks (a clicked notification)', async () => {
    const fake = createFakeApi([ruleView({ id: 'a' })]);
    bindApi({ api: fake.api });
    await until(() => useStore.getState().rulesLoaded);
    useStore.getState().setFilter('nothing matches');
    useStore.getState().toggleFolded('a');
    fake.emit('app:open-rule', { id: 'a' });
    expect(useStore.getState()).toMatchObject({ focusRuleId: 'a', filter: '', folded: {} });
  });

  it('shows a loading failure as an app error', async () => {
    const fake = createFakeApi();
    fake.api.rulesList = async () => {
      throw new PortsideError('Network', 'host went away');
    };
    bindApi({ api: fake.api });
    await until(() => useStore.getState().appError !== null);
    expect(useStore.getState().appError).toContain('host went away');
    expect(useStore.getState().rulesLoaded).toBe(false);
  });

  it('follows the link: waits for open, marks lost, re-syncs after a reconnect', async () => {
    const fake = createFakeApi([ruleView({ id: 'a' })]);
    let push: (s: LinkStatus) => void = () => undefined;
    bindApi({ api: fake.api, onLinkStatus: (l) => ((push = l), () => undefined) });
    expect(fake.calls).not.toContain('appReady');
    push('open');
    await until(() => useStore.getState().rulesLoaded);
    push('lost');
    expect(useStore.getState().link).toBe('lost');
    fake.rules.push(ruleView({ id: 'b' }));
    push('open');
    await until(() => selectRules(useStore.getState()).length === 2);
    expect(fake.calls.filter((c) => c === 'appReady')).toHaveLength(2);
    expect(useStore.getState().link).toBe('open');
  });
});
