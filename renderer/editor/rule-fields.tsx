import { useId } from 'react';
import type { Direction } from './rule-draft.ts';

const SPEC_HINT: Record<Direction, string> = {
  L: '[local_port:]host:port — or paste a mirrord / kubectl port-forward command line',
  R: '[remote_port:]local_port — or paste a mirrord port-forward command line',
};

export function DirectionField(props: { value: Direction; onChange(d: Direction): void }) {
  const id = useId();
  return (
    <div className="field field-dir">
      <label htmlFor={id}>Direction</label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as Direction)}
      >
        <option value="L">-L local → cluster</option>
        <option value="R">-R cluster → local</option>
      </select>
    </div>
  );
}

/** A spec or a whole pasted command line (a textarea, so `\` continuations survive the paste). */
export function SpecField(props: {
  value: string;
  direction: Direction;
  tall: boolean;
  invalid: boolean;
  onChange(spec: string): void;
  onEnter(): void;
}) {
  const id = useId();
  return (
    <div className="field field-spec">
      <label htmlFor={id}>Spec</label>
      <textarea
        id={id}
        rows={props.tall ? 3 : 1}
        data-shortcut="spec"
        value={props.value}
        placeholder={SPEC_HINT[props.direction]}
        required
        spellCheck={false}
        autoComplete="off"
        aria-invalid={props.invalid}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.shiftKey) return;
          e.preventDefault();
          props.onEnter();
        }}
      />
    </div>
  );
}

export function NameField(props: { value: string; onChange(name: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Name</label>
      <input
        id={id}
        value={props.value}
        placeholder="optional"
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}
