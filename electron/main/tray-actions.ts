/**
 * What a tray click does. Toggles call the engine exactly as the window's `rules:set-enabled`
 * does, so a toggle in the tray and one in the window are the same action. Failures to start
 * show on the rule (its state and reason); here they are only logged.
 */
import { errorText } from '../../shared/errors.ts';
import type { Engine } from '../engine/api/engine.ts';
import type { TrayAction } from './tray-model.ts';

export interface TrayActionDeps {
  engine: Pick<Engine, 'listRules' | 'setEnabled' | 'setEnabledMany' | 'profiles'>;
  open(): void;
  quit(): void;
  log(message: string): void;
}

async function perform(a: TrayAction, deps: TrayActionDeps): Promise<void> {
  const { engine } = deps;
  switch (a.type) {
    case 'set-rule':
      await engine.setEnabled(a.id, a.enabled);
      return;
    case 'start-profile':
      await engine.profiles.start(a.name);
      return;
    case 'stop-profile':
      await engine.profiles.stop(a.name);
      return;
    case 'start-all':
    case 'stop-all': {
      const on = a.type === 'start-all';
      const ids = engine
        .listRules()
        .filter((r) => r.enabled !== on)
        .map((r) => r.id);
      if (ids.length > 0) await engine.setEnabledMany(ids, on);
      return;
    }
    case 'open':
      deps.open();
      return;
    case 'quit':
      deps.quit();
  }
}

/** Runs a tray action; never throws (a menu click has nowhere to report to but the log). */
export function runTrayAction(a: TrayAction, deps: TrayActionDeps): Promise<void> {
  return perform(a, deps).catch((e: unknown) => deps.log(`tray: ${a.type}: ${errorText(e)}`));
}
