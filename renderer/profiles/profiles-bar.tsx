import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import type { ProfileView } from '../../shared/model.ts';
import { useApi } from '../api-context.tsx';
import { removeProfile, runProfile } from '../store/actions.ts';
import { useStore } from '../store/index.ts';
import './profiles.css';

function ProfileChip({ profile, onError }: { profile: ProfileView; onError(e: string): void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    action()
      .catch((err: unknown) => onError(errorText(err)))
      .finally(() => setBusy(false));
  };
  const { name, running, ruleIds } = profile;
  return (
    <li className="profile" data-testid="profile-row" data-running={running ? 'true' : 'false'}>
      <span className="profile-name" data-testid="profile-name">
        {name}
      </span>
      <span className="muted">
        {ruleIds.length} rule{ruleIds.length === 1 ? '' : 's'} ·{' '}
        <span data-testid="profile-state">{running ? 'running' : 'stopped'}</span>
      </span>
      <button
        type="button"
        disabled={busy}
        aria-label={`Start profile ${name}`}
        onClick={() => run(() => runProfile(api, name, true))}
      >
        Start
      </button>
      <button
        type="button"
        disabled={busy}
        aria-label={`Stop profile ${name}`}
        onClick={() => run(() => runProfile(api, name, false))}
      >
        Stop
      </button>
      <button
        type="button"
        disabled={busy}
        aria-label={`Select the rules of profile ${name}`}
        onClick={() => useStore.getState().setSelection(ruleIds)}
      >
        Select
      </button>
      <button
        type="button"
        disabled={busy}
        aria-label={`Delete profile ${name}`}
        onClick={() => run(() => removeProfile(api, name))}
      >
        Delete
      </button>
    </li>
  );
}

/** Named sets of rules started and stopped together; made from a selection in the rules toolbar. */
export function ProfilesBar() {
  const profiles = useStore((s) => s.profiles);
  const [error, setError] = useState<string | null>(null);
  if (profiles.length === 0) return null;
  return (
    <section className="profiles" aria-label="Profiles">
      <h2>Profiles</h2>
      <ul className="profile-list">
        {profiles.map((p) => (
          <ProfileChip key={p.name} profile={p} onError={setError} />
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
