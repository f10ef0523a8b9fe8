/** Brings saved rules back on launch; what cannot come back is said in a notice. */
import { errorText } from '../../../shared/errors.ts';
import type { Settings } from '../../../shared/model.ts';
import type { Notices } from '../api/engine.ts';
import type { ProfileBook } from './profiles.ts';
import type { RuleOps } from './rule-ops.ts';
import type { AppState } from './state-schema.ts';

export interface Restorable {
  ops: RuleOps;
  profiles: ProfileBook;
  notices: Notices;
  settings: Settings;
  /** Keeps a copy of the state file before rules that failed are dropped from it. */
  keepCopy?: (label: string) => string | undefined;
}

/**
 * Re-adds every saved rule under its id. Rules that were running start again when the setting
 * "restore running rules" is on; otherwise they come back stopped.
 */
export function restoreState(state: AppState, p: Restorable): void {
  const failed: string[] = [];
  for (const rule of state.rules) {
    const enabled = rule.enabled && p.settings.restoreRunningRules;
    try {
      p.ops.restore({ ...rule, enabled });
    } catch (err) {
      failed.push(`"${rule.name || rule.spec}" (${errorText(err)})`);
    }
  }
  if (failed.length) {
    const copy = p.keepCopy?.('unrestored-rules');
    const kept = copy ? ` The file was copied to ${copy}.` : '';
    p.notices.add(
      'warning',
      `Some saved rules could not be restored: ${failed.join('; ')}.${kept}`,
    );
  }
  const known = new Set(p.ops.listRules().map((r) => r.id));
  for (const prof of state.profiles) {
    // A profile naming rules that did not come back keeps the others.
    const ruleIds = prof.ruleIds.filter((id) => known.has(id));
    try {
      p.profiles.save({ name: prof.name, ruleIds });
    } catch (err) {
      p.notices.add('warning', `Profile "${prof.name}" could not be restored: ${errorText(err)}`);
    }
  }
}
