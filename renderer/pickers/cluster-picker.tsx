import { useId } from 'react';
import type { ForwardRequest } from './port-list.tsx';
import { PortList } from './port-list.tsx';
import { searchTargets, type TargetOption } from './target-search.ts';
import { useClusterData, type ClusterData } from './use-cluster-data.ts';
import './pickers.css';

export interface PickerFields {
  context: string;
  namespace: string;
  target: string;
}

/**
 * Context → namespace → target (search as you type) → container → declared ports. The fields stay
 * free text too (a context or target not listed can still be typed); the lists only help.
 */
export function ClusterPicker({
  fields,
  onChange,
  onForward,
}: {
  fields: PickerFields;
  onChange(patch: Partial<PickerFields>): void;
  onForward(f: ForwardRequest): void;
}) {
  const ids = { ctx: useId(), ns: useId(), nsList: useId(), target: useId() };
  const data = useClusterData(fields.context, fields.namespace);
  const current = data.contexts?.value?.find((c) => c.current);
  const options = searchTargets(data.targets?.value, fields.target);
  const exact = options.some((o) => o.path === fields.target.replace(/\/container\/.*$/, ''));
  return (
    <fieldset className="picker">
      <legend>Cluster</legend>
      <div className="field">
        <label htmlFor={ids.ctx}>Context</label>
        <select
          id={ids.ctx}
          value={fields.context}
          onChange={(e) => onChange({ context: e.target.value, target: '' })}
        >
          <option value="">{current ? `current (${current.name})` : 'current context'}</option>
          {data.contexts?.value?.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.ns}>Namespace</label>
        <input
          id={ids.ns}
          list={ids.nsList}
          value={fields.namespace}
          placeholder={data.namespace ?? 'default'}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange({ namespace: e.target.value })}
        />
        <datalist id={ids.nsList} data-testid="namespace-options">
          {data.namespaces?.value?.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </div>
      <div className="field field-wide">
        <label htmlFor={ids.target}>Target</label>
        <input
          id={ids.target}
          value={fields.target}
          placeholder="search, or empty: targetless"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange({ target: e.target.value })}
        />
      </div>
      <PickerNotes data={data} />
      {!exact && options.length > 0 && (
        <TargetOptions options={options} onPick={(target) => onChange({ target })} />
      )}
      {exact && data.targets?.value && (
        <PortList targets={data.targets.value} path={fields.target} onForward={onForward} />
      )}
    </fieldset>
  );
}

/** Loading failures in words, and kinds the cluster could not list (e.g. no Argo Rollouts). */
function PickerNotes({ data }: { data: ClusterData }) {
  const problems = [data.contexts, data.namespaces, data.targets]
    .map((l) => (l?.status === 'error' ? l.error : undefined))
    .filter((p): p is string => p !== undefined);
  return (
    <>
      {problems.map((p) => (
        <p key={p} className="form-error" role="alert">
          {p}
        </p>
      ))}
      {data.targets?.value?.warnings.map((w) => (
        <p key={w} className="muted picker-note">
          {w}
        </p>
      ))}
    </>
  );
}

/** Targets matching what was typed; one click takes the path into the Target field. */
function TargetOptions({
  options,
  onPick,
}: {
  options: TargetOption[];
  onPick(path: string): void;
}) {
  return (
    <ul className="target-options" aria-label="Search results">
      {options.map((o) => (
        <li key={o.path}>
          <button type="button" onClick={() => onPick(o.path)}>
            {o.path}
            {o.ready === false ? ' (not ready)' : ''}
          </button>
        </li>
      ))}
    </ul>
  );
}
