import { useRef } from 'react';
import { useApi } from '../api-context.tsx';
import { ImportDialog } from './import-dialog.tsx';
import { useFileDrop } from './use-file-drop.ts';
import { useImport } from './use-import.ts';
import './import.css';

const ACCEPT =
  '.json,.toml,.yaml,.yml,application/json,application/toml,application/yaml,text/yaml';

/** Drag-and-drop onto the window and the "Import…" button: preview a mirrord config, then create a profile. */
export function ImportFeature() {
  const { s, ready, dispatch, open, retype, confirm } = useImport(useApi());
  const input = useRef<HTMLInputElement>(null);
  const dragging = useFileDrop(open);
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
