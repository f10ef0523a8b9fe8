import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { errorText } from '../../shared/errors.ts';
import { useApi } from '../api-context.tsx';
import { saveProfile, setManyEnabled } from '../store/actions.ts';
import { useStore } from '../store/index.ts';
import { selectVisibleRuleIds } from '../store/selectors.ts';

/** Filter box, select-all of what is shown, start/stop the selection, save it as a profile. */
export function RulesToolbar() {
  const api = useApi();
  const filterId = useId();
  const filter = useStore((s) => s.filter);
  const visible = useStore(useShallow(selectVisibleRuleIds));
  const selected = useStore(useShallow((s) => s.ruleIds.filter((id) => s.selected[id])));
  const [error, setError] = useState<string | null>(null);
  const allShown = visible.length > 0 && visible.every((id) => selected.includes(id));
  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((err: unknown) => setError(errorText(err)));
  };
  return (
    <div className="rules-toolbar" role="toolbar" aria-label="Rules toolbar">
      <label htmlFor={filterId} className="visually-hidden">
        Filter rules
      </label>
      <input
        id={filterId}
        type="search"
        data-shortcut="filter"
        placeholder="Filter: name, port, target, state…  ( / )"
        value={filter}
        onChange={(e) => useStore.getState().setFilter(e.target.value)}
      />
      <label className="toggle">
        <input
          type="checkbox"
          checked={allShown}
          aria-label="Select all shown rules"
          onChange={(e) => useStore.getState().setSelection(e.target.checked ? visible : [])}
        />
        All
      </label>
      <span className="muted" data-testid="selection-count">
        {selected.length} selected
      </span>
      <button
        type="button"
        disabled={!selected.length}
        onClick={() => run(() => setManyEnabled(api, selected, true))}
      >
        Start selected
      </button>
      <button
        type="button"
        disabled={!selected.length}
        onClick={() => run(() => setManyEnabled(api, selected, false))}
      >
        Stop selected
      </button>
      <SaveAsProfile ruleIds={selected} run={run} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Names the selection and saves it as a profile (rules started and stopped together). */
function SaveAsProfile({
  ruleIds,
  run,
}: {
  ruleIds: string[];
  run(action: () => Promise<void>): void;
}) {
  const api = useApi();
  const [profileName, setProfileName] = useState('');
  const save = () =>
    run(() => saveProfile(api, profileName.trim(), ruleIds).then(() => setProfileName('')));
  return (
    <>
      <input
        aria-label="Profile name"
        placeholder="profile name"
        value={profileName}
        onChange={(e) => setProfileName(e.target.value)}
      />
      <button type="button" disabled={!ruleIds.length || profileName.trim() === ''} onClick={save}>
        Save selection as profile
      </button>
    </>
  );
}
