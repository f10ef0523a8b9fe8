import type { FormEvent } from 'react';
import { ClusterPicker, type PickerFields } from '../pickers/cluster-picker.tsx';
import { useStore } from '../store/index.ts';
import { DirectionField, NameField, SpecField } from './rule-fields.tsx';
import { RulePreview } from './rule-preview.tsx';
import { useDraft } from './use-draft.ts';
import { useRuleSubmit } from './use-rule-submit.ts';
import './editor.css';

/**
 * Add or edit a rule: type a spec or paste a command line, pick the target from the cluster, see
 * every rule it makes before saving. Validation is live, in mirrord's words.
 */
export function RuleEditor() {
  const editor = useStore((s) => s.editor);
  const editId = editor.mode === 'edit' ? editor.ruleId : undefined;
  // A new form per rule being edited: its fields start from that rule (or empty for a new one).
  return <RuleForm key={editId ?? ''} editId={editId} />;
}

const closeEditor = () => useStore.getState().setEditor({ mode: 'closed' });

function RuleForm({ editId }: { editId: string | undefined }) {
  const { busy, error, setError, submit } = useRuleSubmit(editId);
  const { draft, check, portNote, set, forward, clearSpec } = useDraft(editId, () =>
    setError(null),
  );
  const onSubmit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!(await submit(check))) return;
    if (editId) closeEditor();
    else clearSpec();
  };
  const count = check.kind === 'rules' ? check.items.length : 1;
  const label = editId ? 'Save changes' : count > 1 ? `Add ${count} rules` : 'Add rule';
  const shownError = error ?? (check.kind === 'invalid' ? check.error : null);
  return (
    <form
      className="add-form"
      aria-label={editId ? 'Edit rule' : 'Add rule'}
      onSubmit={(e) => void onSubmit(e)}
    >
      <DirectionField value={draft.direction} onChange={(direction) => set({ direction })} />
      <SpecField
        value={draft.spec}
        direction={draft.direction}
        tall={check.kind === 'rules' && check.pasted}
        invalid={check.kind === 'invalid'}
        onChange={(spec) => set({ spec })}
        onEnter={() => void onSubmit()}
      />
      <NameField value={draft.name} onChange={(name) => set({ name })} />
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {label}
        </button>
        {editId && (
          <button type="button" onClick={closeEditor}>
            Cancel
          </button>
        )}
      </div>
      <ClusterPicker fields={draft as PickerFields} onChange={set} onForward={forward} />
      <RulePreview check={check} notes={portNote ? [portNote] : []} />
      {shownError && (
        <p className="form-error" role="alert" data-testid="add-error">
          {shownError}
        </p>
      )}
    </form>
  );
}
