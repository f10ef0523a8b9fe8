import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import type { RuleInput } from '../../shared/model.ts';
import { useApi } from '../api-context.tsx';
import { addRule, updateRule } from '../store/actions.ts';
import type { DraftCheck } from './rule-draft.ts';

/**
 * Saves what the preview shows: one rule, every rule of a paste (in order; a refusal stops there
 * and says how many were added), or the edited rule. Resolves true when everything was saved.
 */
export function useRuleSubmit(editId: string | undefined) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Saves in order; on a refusal, the message says how many were saved before it. */
  const saveAll = async (inputs: RuleInput[]): Promise<string | null> => {
    let done = 0;
    try {
      for (const input of inputs) {
        await (editId ? updateRule(api, editId, input) : addRule(api, input));
        done++;
      }
      return null;
    } catch (err) {
      const prefix = done > 0 ? `${done} of ${inputs.length} rules added; then: ` : '';
      return `${prefix}${errorText(err)}`;
    }
  };
  const submit = async (check: DraftCheck): Promise<boolean> => {
    if (check.kind !== 'rules') return false;
    if (editId && check.items.length > 1) {
      setError(
        `Editing replaces one rule; this makes ${check.items.length}. Add them as new rules instead.`,
      );
      return false;
    }
    setBusy(true);
    setError(null);
    const failure = await saveAll(check.items.map((i) => i.input));
    setBusy(false);
    setError(failure);
    return failure === null;
  };
  return { busy, error, setError, submit };
}
