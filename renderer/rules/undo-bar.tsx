import { useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useApi } from '../api-context.tsx';
import { undoRemove } from '../store/actions.ts';
import { useStore } from '../store/index.ts';

/** "Removed X — Undo": the last removal can be taken back until the next one or a dismiss. */
export function UndoBar() {
  const api = useApi();
  const undo = useStore((s) => s.undo);
  const [error, setError] = useState<string | null>(null);
  if (!undo) return null;
  return (
    <div className="undo-bar" role="status" data-testid="undo-bar">
      <span>Removed “{undo.name}”.</span>
      <button
        type="button"
        onClick={() => {
          setError(null);
          undoRemove(api).catch((err: unknown) => setError(errorText(err)));
        }}
      >
        Undo
      </button>
      <button type="button" aria-label="Dismiss" onClick={() => useStore.getState().setUndo(null)}>
        ×
      </button>
      {error && <span role="alert">{error}</span>}
    </div>
  );
}
