import { useId, useMemo, useState, type FormEvent } from 'react';
import { ClusterPicker, type PickerFields } from '../pickers/cluster-picker.tsx';
import { chooseLocalPort, usedLocalPorts } from '../pickers/local-port.ts';
import type { ForwardRequest } from '../pickers/port-list.tsx';
import { useStore } from '../store/index.ts';
import { selectRules } from '../store/selectors.ts';
import { checkDraft, EMPTY_DRAFT, fromRule, type Direction, type Draft } from './rule-draft.ts';
import { RulePreview } from './rule-preview.tsx';
import { useRuleSubmit } from './use-rule-submit.ts';
import './editor.css';

const SPEC_HINT: Record<Direction, string> = {
  L: '[local_port:]host:port — or paste a mirrord / kubectl port-forward command line',
  R: '[remote_port:]local_port — or paste a mirrord port-forward command line',
};

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

function RuleForm({ editId }: { editId: string | undefined }) {
  const [draft, setDraft] = useState<Draft>(() => {
    const rule = editId ? useStore.getState().rulesById[editId] : undefined;
    return rule ? fromRule(rule) : EMPTY_DRAFT;
  });
  const [portNote, setPortNote] = useState<string | null>(null);
  const { busy, error, setError, submit } = useRuleSubmit(editId);
  const ids = { dir: useId(), spec: useId(), name: useId() };
  const check = useMemo(() => checkDraft(draft), [draft]);
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };
  const forward = (f: ForwardRequest) => {
    const choice = chooseLocalPort(
      f.remotePort,
      usedLocalPorts(selectRules(useStore.getState()), editId),
    );
    set({
      direction: 'L',
      spec: `${choice.port}:${f.host}:${f.remotePort}`,
      target: f.target ?? '',
    });
    setPortNote(choice.note ?? null);
  };
  const onSubmit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!(await submit(check))) return;
    setPortNote(null);
    if (editId) useStore.getState().setEditor({ mode: 'closed' });
    else setDraft((d) => ({ ...d, spec: '', name: '' }));
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
      <div className="field field-dir">
        <label htmlFor={ids.dir}>Direction</label>
        <select
          id={ids.dir}
          value={draft.direction}
          onChange={(e) => set({ direction: e.target.value as Direction })}
        >
          <option value="L">-L local → cluster</option>
          <option value="R">-R cluster → local</option>
        </select>
      </div>
      <div className="field field-spec">
        <label htmlFor={ids.spec}>Spec</label>
        <textarea
          id={ids.spec}
          rows={check.kind === 'rules' && check.pasted ? 3 : 1}
          data-shortcut="spec"
          value={draft.spec}
          placeholder={SPEC_HINT[draft.direction]}
          required
          spellCheck={false}
          autoComplete="off"
          aria-invalid={check.kind === 'invalid'}
          onChange={(e) => {
            set({ spec: e.target.value });
            setPortNote(null);
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.shiftKey) return;
            e.preventDefault();
            void onSubmit();
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <input
          id={ids.name}
          value={draft.name}
          placeholder="optional"
          onChange={(e) => set({ name: e.target.value })}
        />
      </div>
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {label}
        </button>
        {editId && (
          <button type="button" onClick={() => useStore.getState().setEditor({ mode: 'closed' })}>
            Cancel
          </button>
        )}
      </div>
      <ClusterPicker
        fields={draft as PickerFields}
        onChange={(patch) => set(patch)}
        onForward={forward}
      />
      <RulePreview check={check} notes={portNote ? [portNote] : []} />
      {shownError && (
        <p className="form-error" role="alert" data-testid="add-error">
          {shownError}
        </p>
      )}
    </form>
  );
}
