import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../shared/contract-dispatch.ts';
import type { EventChannel, PayloadOf } from '../../../shared/contract.ts';
import { createEngine } from '../create-engine.ts';
import { createIdleRunner } from '../rules/rule-runner.ts';
import type { Engine } from './engine.ts';
import { bindEngineEvents } from './events.ts';
import { createHandlers } from './handlers.ts';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.dispose();
});

describe('createHandlers', () => {
  it('answers app:info and drives the rule store through dispatch', async () => {
    let n = 0;
    engine = createEngine({ newId: () => `r${++n}`, runner: createIdleRunner() });
    const h = createHandlers(engine, { host: 'web', version: '9.9.9' });
    expect(await dispatch(h, 'app:info', undefined)).toEqual({
      ok: true,
      value: { version: '9.9.9', host: 'web' },
    });
    const added = await dispatch(h, 'rules:add', {
      direction: 'L',
      spec: '18080:py-serv:80',
      enabled: false,
    });
    expect(added).toMatchObject({ ok: true, value: { id: 'r1', name: '-L 18080:py-serv:80' } });
    expect(await dispatch(h, 'rules:set-enabled', { id: 'r1', enabled: false })).toMatchObject({
      ok: true,
    });
    expect(await dispatch(h, 'rules:list', undefined)).toMatchObject({
      ok: true,
      value: [{ id: 'r1' }],
    });
    expect(await dispatch(h, 'connections:list', undefined)).toEqual({ ok: true, value: [] });
    expect(await dispatch(h, 'rules:remove', { id: 'r1' })).toEqual({
      ok: true,
      value: { id: 'r1' },
    });
    expect(await dispatch(h, 'rules:remove', { id: 'r1' })).toMatchObject({
      ok: false,
      error: { kind: 'NotFound' },
    });
  });

  it('returns spec errors as data', async () => {
    engine = createEngine({ runner: createIdleRunner() });
    const h = createHandlers(engine, { host: 'electron', version: '1' });
    expect(await dispatch(h, 'rules:add', { direction: 'L', spec: '0:py-serv:80' })).toEqual({
      ok: false,
      error: { kind: 'InvalidSpec', message: 'Port `0` is not allowed in argument `0:py-serv:80`' },
    });
  });
});

describe('bindEngineEvents', () => {
  it('emits rules:changed under the contract name and stops after unbind', async () => {
    engine = createEngine({ runner: createIdleRunner() });
    const got: Array<[EventChannel, PayloadOf<EventChannel>]> = [];
    const unbind = bindEngineEvents(engine, (channel, payload) => got.push([channel, payload]));
    await engine.addRule({ direction: 'L', spec: '1:a:2', enabled: false });
    expect(got.some(([c]) => c === 'rules:changed')).toBe(true);
    unbind();
    const count = got.length;
    await engine.addRule({ direction: 'L', spec: '3:a:2', enabled: false });
    expect(got.length).toBe(count);
  });
});

describe('the new channels through dispatch', () => {
  it('validate requests before the engine sees them and answer from its services', async () => {
    let n = 0;
    engine = createEngine({ newId: () => `r${++n}`, runner: createIdleRunner() });
    const h = createHandlers(engine, { host: 'web', version: '1' });
    expect(await dispatch(h, 'kube:targets', { context: 'c' })).toMatchObject({
      ok: false,
      error: { kind: 'Validation' },
    });
    expect(await dispatch(h, 'settings:set', { colour: 'red' })).toMatchObject({
      ok: false,
      error: { kind: 'Validation' },
    });
    expect(await dispatch(h, 'settings:set', { theme: 'dark' })).toEqual({
      ok: true,
      value: { restoreRunningRules: true, theme: 'dark' },
    });
    await dispatch(h, 'rules:add', { direction: 'L', spec: '18080:a:80', enabled: false });
    expect(
      await dispatch(h, 'rules:update', {
        id: 'r1',
        input: { direction: 'L', spec: '18081:a:80' },
      }),
    ).toMatchObject({ ok: true, value: { id: 'r1', spec: '18081:a:80' } });
    expect(await dispatch(h, 'profiles:save', { name: '  dev ', ruleIds: ['r1'] })).toEqual({
      ok: true,
      value: { name: 'dev', ruleIds: ['r1'], running: false },
    });
    expect(await dispatch(h, 'profiles:start', { name: 'dev' })).toMatchObject({ ok: true });
    expect(await dispatch(h, 'rules:remove', { id: 'r1' })).toMatchObject({ ok: true });
    expect(await dispatch(h, 'rules:restore', { id: 'r1' })).toMatchObject({
      ok: true,
      value: { id: 'r1' },
    });
    expect(await dispatch(h, 'profiles:list', undefined)).toMatchObject({
      ok: true,
      value: [{ name: 'dev', ruleIds: ['r1'] }],
    });
    expect(await dispatch(h, 'app:notices', undefined)).toEqual({ ok: true, value: [] });
    expect(await dispatch(h, 'app:info', undefined)).toEqual({
      ok: true,
      value: { version: '1', host: 'web' },
    });
  });
});
