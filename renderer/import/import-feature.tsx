import { useCallback, useReducer, useRef } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useApi } from '../api-context.tsx';
import { ImportDialog } from './import-dialog.tsx';
import { confirmImport, hostEnv, previewWith, readPicked, type PickedFile } from './import-flow.ts';
import { closed, importReducer, rulesToCreate } from './import-state.ts';
import { useFileDrop } from './use-file-drop.ts';
import './import.css';

const ACCEPT =
  '.json,.toml,.yaml,.yml,application/json,application/toml,application/yaml,text/yaml';

/** Drag-and-drop onto the window and the "Import…" button: preview a mirrord config, then create a profile. */
export function ImportFeature() {
  const api = useApi();
  const [s, dispatch] = useReducer(importReducer, closed);
  const input = useRef<HTMLInputElement>(null);

  const open = useCallback(
    (file: PickedFile) => {
      dispatch({ type: 'reading', file: file.name });
      void (async () => {
        const read = await readPicked(file);
        if (!read.ok)
          return dispatch({ type: 'read', env: { fromHost: {}, missing: [] }, result: read });
        const env = await hostEnv(api, read.source);
        dispatch({
          type: 'read',
          source: read.source,
          env,
          result: previewWith(read.source, env, {}),
        });
      })();
    },
    [api],
  );
  const dragging = useFileDrop(open);

  const ready = s.phase === 'ready' || s.phase === 'saving' ? s : undefined;
  const retype = (typed: Record<string, string>) => {
    if (ready?.source)
      dispatch({ type: 'retyped', typed, result: previewWith(ready.source, ready.env, typed) });
  };
  const confirm = () => {
    if (!ready) return;
    dispatch({ type: 'saving' });
    confirmImport(api, rulesToCreate(ready), ready.profileName.trim(), ready.start).then(
      (outcome) => dispatch({ type: 'saved', outcome }),
      (err: unknown) => dispatch({ type: 'saved', outcome: { ok: false, error: errorText(err) } }),
    );
  };

  return (
    <div className="import-feature">
      <button type="button" onClick={() => input.current?.click()}>
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        hidden
        data-testid="import-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) open(file);
        }}
      />
      {dragging && (
        <div className="import-overlay" data-testid="import-overlay">
          Drop a mirrord config file (.json, .toml, .yaml) to import its rules
        </div>
      )}
      {s.phase === 'reading' && <p className="muted">Reading {s.file}…</p>}
      {ready && (
        <ImportDialog s={ready} dispatch={dispatch} onRetype={retype} onConfirm={confirm} />
      )}
      {s.phase === 'done' && (
        <p role="status" data-testid="import-done">
          Created profile “{s.profile}” with {s.count} rule{s.count === 1 ? '' : 's'}.{' '}
          <button type="button" onClick={() => dispatch({ type: 'close' })}>
            OK
          </button>
        </p>
      )}
    </div>
  );
}
