import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import type { RuleView } from '../../shared/model.ts';
import { useApi } from '../api-context.tsx';
import { duplicateRule, removeRule, setRuleEnabled } from '../store/actions.ts';
import { useStore } from '../store/index.ts';

/** Toggle, edit, duplicate, remove; a refusal is shown beside the rule (returned as `error`). */
export function useRuleActions(id: string) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  // The switch shows the click at once and stays put until the engine answers (stopping a rule
  // waits for its connections to close); a controlled input would otherwise snap back meanwhile.
  const [pending, setPending] = useState<boolean | null>(null);
  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((err: unknown) => setError(errorText(err)));
  };
  return {
    error,
    pending,
    toggle: (enabled: boolean) => {
      setPending(enabled);
      run(() => setRuleEnabled(api, id, enabled).finally(() => setPending(null)));
    },
    edit: () => useStore.getState().setEditor({ mode: 'edit', ruleId: id }),
    duplicate: () => run(() => duplicateRule(api, id)),
    remove: () => run(() => removeRule(api, id)),
  };
}

/** The rule's own controls, each named after the rule for screen readers and tests. */
export function RuleButtons({
  rule,
  actions,
}: {
  rule: RuleView;
  actions: ReturnType<typeof useRuleActions>;
}) {
  return (
    <span className="rule-buttons">
      <label className="toggle">
        <input
          type="checkbox"
          checked={actions.pending ?? rule.enabled}
          disabled={actions.pending !== null}
          aria-label={`Enable ${rule.name}`}
          onChange={(e) => actions.toggle(e.target.checked)}
        />
        Enabled
      </label>
      <button type="button" aria-label={`Edit ${rule.name}`} onClick={actions.edit}>
        Edit
      </button>
      <button type="button" aria-label={`Duplicate ${rule.name}`} onClick={actions.duplicate}>
        Duplicate
      </button>
      <button
        type="button"
        className="remove"
        aria-label={`Remove ${rule.name}`}
        onClick={actions.remove}
      >
        Remove
      </button>
    </span>
  );
}
