/**
 * The "done when", through the real engine (no cluster needed): the Done-when mirrord.json
 * previews one -R 80 → 19090 on deployment/py-serv, confirming creates it under a profile, and the
 * tray menu lists it with a toggle that is the engine's own setEnabled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyImport } from '../../shared/mirrord-config/import-apply.ts';
import { previewImport } from '../../shared/mirrord-config/import-preview.ts';
import { createEngine } from '../engine/create-engine.ts';
import type { Engine } from '../engine/api/engine.ts';
import { until } from '../../testing/wait.ts';
import { runTrayAction } from './tray-actions.ts';
import { buildTrayModel, type TrayItem } from './tray-model.ts';

const DONE_WHEN =
  '{"target":{"path":"deployment/py-serv","namespace":"default"},"feature":{"network":{"incoming":{"mode":"steal","port_mapping":[[19090,80]]}}}}';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

describe('done when: drop → profile → tray toggle', () => {
  it('the imported rule is in the tray under its profile, and toggling it enables it in the engine', async () => {
    const e = createEngine({ newId: () => 'imported-1' });
    engine = e;
    const preview = previewImport(
      { name: '.mirrord/mirrord.json', bytes: new TextEncoder().encode(DONE_WHEN) },
      { env: {} },
    );
    if (!preview.ok) throw new Error(preview.error.text);
    expect(preview.value.rules).toEqual([
      {
        direction: 'R',
        spec: '80:19090',
        target: 'deployment/py-serv',
        namespace: 'default',
        incomingMode: 'steal',
      },
    ]);
    const host = {
      addRule: (r: Parameters<Engine['addRule']>[0]) => e.addRule(r),
      removeRule: (id: string) => e.removeRule(id),
      profileNames: () => Promise.resolve(e.profiles.list().map((p) => p.name)),
      saveProfile: (p: { name: string; ruleIds: string[] }) => Promise.resolve(e.profiles.save(p)),
    };
    const applied = await applyImport(host, preview.value.rules, preview.value.profileName, {
      start: false,
    });
    expect(applied).toEqual({ ok: true, profile: 'mirrord', ruleIds: ['imported-1'] });

    const items = buildTrayModel(e.listRules(), e.profiles.list()).items;
    const toggle = items.find((i): i is Extract<TrayItem, { kind: 'rule' }> => i.kind === 'rule');
    expect(items[0]).toEqual({ kind: 'label', label: 'mirrord' });
    expect(toggle).toMatchObject({
      id: 'imported-1',
      checked: false,
      action: { type: 'set-rule', id: 'imported-1', enabled: true },
    });

    const logs: string[] = [];
    await runTrayAction(toggle!.action, {
      engine: e,
      open: () => {},
      quit: () => {},
      log: (m) => logs.push(m),
    });
    await until(() => e.listRules()[0]?.enabled, 'the rule enabled by the tray');
    const after = buildTrayModel(e.listRules(), e.profiles.list()).items.find(
      (i) => i.kind === 'rule',
    );
    expect(after).toMatchObject({ checked: true, action: { enabled: false } });
    expect(logs).toEqual([]);
  });
});
