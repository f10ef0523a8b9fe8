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
  const [profileName, setProfileName] = useState('');
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
      <input
        aria-label="Profile name"
        placeholder="profile name"
        value={profileName}
        onChange={(e) => setProfileName(e.target.value)}
      />
      <button
        type="button"
        disabled={!selected.length || profileName.trim() === ''}
        onClick={() =>
          run(() => saveProfile(api, profileName.trim(), selected).then(() => setProfileName('')))
        }
      >
        Save selection as profile
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
