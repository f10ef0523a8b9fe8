/**
 * Engine rule changes → OS notifications, Electron-free: the policy (shared/notify-policy.ts)
 * decides, `show` draws, and a click asks the window to show the rule. The Electron part is
 * notifications.ts.
 */
import {
  createNotifyGate,
  createRuleNotifier,
  notifyPrefsOf,
  type RuleNotification,
} from '../../shared/notify-policy.ts';
import { errorText } from '../../shared/errors.ts';
import type { Engine } from '../engine/api/engine.ts';

export interface NotificationFeedDeps {
  engine: Pick<Engine, 'listRules' | 'onRulesChanged' | 'settings'>;
  /** True while the window is in front: the user sees the change there. */
  focused(): boolean;
  show(n: RuleNotification, onClick: () => void): void;
  openRule(id: string): void;
  now(): number;
  log(message: string): void;
}

/** Starts watching; returns the unsubscribe function. */
export function startNotificationFeed(deps: NotificationFeedDeps): () => void {
  const notifier = createRuleNotifier(createNotifyGate(deps.now));
  const prefs = () => notifyPrefsOf(deps.engine.settings.get());
  notifier.update(deps.engine.listRules(), prefs(), true);
  return deps.engine.onRulesChanged((rules) => {
    // A listener of the engine: a failure here must never reach the rule action that fired it.
    try {
      for (const n of notifier.update(rules, prefs(), deps.focused())) {
        deps.show(n, () => deps.openRule(n.ruleId));
      }
    } catch (e) {
      deps.log(`notifications: ${errorText(e)}`);
    }
  });
}
