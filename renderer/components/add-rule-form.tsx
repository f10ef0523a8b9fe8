import { useId, useState, type FormEvent } from 'react';
import type { RuleInput } from '../../shared/model.ts';
import { useApi } from '../api-context.tsx';
import { addRule } from '../store/actions.ts';
import { errorText } from '../../shared/errors.ts';

type Direction = RuleInput['direction'];
const EMPTY = { name: '', spec: '', target: '', namespace: '', context: '' };
type Fields = typeof EMPTY;

const SPEC_HINT: Record<Direction, string> = {
  L: '[local_port:]host:port',
  R: '[remote_port:]local_port',
};

/** Blank optional fields are left out so the engine applies its defaults. */
export function toRuleInput(direction: Direction, f: Fields): RuleInput {
  const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  return {
    direction,
    spec: f.spec.trim(),
    name: opt(f.name),
    target: opt(f.target),
    namespace: opt(f.namespace),
    context: opt(f.context),
  };
}

function Field(props: {
  label: string;
  value: string;
  onChange(v: string): void;
  placeholder?: string;
  required?: boolean;
  /** Gets more room, so hints like `[local_port:]host:port` are not cut off. */
  wide?: boolean;
}) {
  const id = useId();
  return (
    <div className={props.wide ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        value={props.value}
        placeholder={props.placeholder}
        required={props.required}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

/** Adds a rule; the engine's rejection is shown inline, in its own words. */
export function AddRuleForm() {
  const api = useApi();
  const dirId = useId();
  const [direction, setDirection] = useState<Direction>('L');
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Fields) => (v: string) => setFields((f) => ({ ...f, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await addRule(api, toRuleInput(direction, fields));
      setFields((f) => ({ ...f, name: '', spec: '' }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="add-form" aria-label="Add rule" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={dirId}>Direction</label>
        <select
          id={dirId}
          value={direction}
          onChange={(e) => setDirection(e.target.value as Direction)}
        >
          <option value="L">-L local → cluster</option>
          <option value="R">-R cluster → local</option>
        </select>
      </div>
      <Field
        label="Spec"
        value={fields.spec}
        onChange={set('spec')}
        placeholder={SPEC_HINT[direction]}
        required
        wide
      />
      <Field
        label="Target"
        value={fields.target}
        onChange={set('target')}
        placeholder={direction === 'R' ? 'pod/api-0 (required)' : 'empty: targetless'}
        wide
      />
      <Field
        label="Namespace"
        value={fields.namespace}
        onChange={set('namespace')}
        placeholder="default"
      />
      <Field
        label="Context"
        value={fields.context}
        onChange={set('context')}
        placeholder="current context"
      />
      <Field label="Name" value={fields.name} onChange={set('name')} placeholder="optional" />
      <button type="submit" disabled={busy}>
        Add rule
      </button>
      {error && (
        <p className="form-error" role="alert" data-testid="add-error">
          {error}
        </p>
      )}
    </form>
  );
}
