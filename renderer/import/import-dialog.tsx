import type { Dispatch } from 'react';
import type { RuleInput } from '../../shared/model.ts';
import { describeSpec } from '../../shared/mirrord-syntax/describe.ts';
import { parseRuleTarget } from '../../shared/mirrord-syntax/target.ts';
import { ImportDetails } from './import-details.tsx';
import { rulesToCreate, type ImportEvent, type ImportState } from './import-state.ts';
import { LocalRuleAdder } from './local-rule-adder.tsx';

type Open = Extract<ImportState, { phase: 'ready' | 'saving' }>;

/** `-R 80:19090 · steal` and where traffic goes: `deployment/py-serv:80 → 127.0.0.1:19090`. */
function ruleText(r: RuleInput): string {
  const target = parseRuleTarget(r.target);
  const where = describeSpec(r.direction, r.spec, target.ok ? { target: target.value } : {});
  const mode = r.direction === 'R' ? ` · ${r.incomingMode ?? 'auto'}` : '';
  return `-${r.direction} ${r.spec}${mode} · ${where}`;
}

/** Variables the templates read that the host does not have: the user may give them here. */
function EnvFields({ s, onRetype }: { s: Open; onRetype(typed: Record<string, string>): void }) {
  if (s.env.missing.length === 0) return null;
  return (
    <fieldset className="import-env-fields">
      <legend>Template variables this host does not have</legend>
      {s.env.missing.map((name) => (
        <label key={name}>
          <code>{name}</code>{' '}
          <input
            aria-label={`Value of ${name}`}
            value={s.typed[name] ?? ''}
            onChange={(e) => onRetype({ ...s.typed, [name]: e.target.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}

function RuleList({ s, dispatch }: { s: Open; dispatch: Dispatch<ImportEvent> }) {
  const fileRules = s.result.ok ? s.result.value.rules : [];
  return (
    <ul className="import-rules" aria-label="Rules to create">
      {fileRules.map((r) => (
        <li key={`${r.direction}${r.spec}`} data-testid="import-rule">
          {ruleText(r)}
        </li>
      ))}
      {s.extra.map((r, i) => (
        <li key={`L${r.spec}${i}`} data-testid="import-rule">
          {ruleText(r)}{' '}
          <button
            type="button"
            aria-label={`Remove -L ${r.spec}`}
            onClick={() => dispatch({ type: 'remove-local', index: i })}
          >
            ×
          </button>
        </li>
      ))}
      {fileRules.length + s.extra.length === 0 && (
        <li className="muted">No rules yet: add -L rules below.</li>
      )}
    </ul>
  );
}

export interface ImportDialogProps {
  s: Open;
  dispatch: Dispatch<ImportEvent>;
  onRetype(typed: Record<string, string>): void;
  onConfirm(): void;
}

/** The preview before anything is created, or the file's error; confirm creates a profile. */
export function ImportDialog({ s, dispatch, onRetype, onConfirm }: ImportDialogProps) {
  const busy = s.phase === 'saving';
  const count = rulesToCreate(s).length;
  const file = s.result.ok ? s.result.value.file : s.result.error.file;
  return (
    <div
      className="floating-panel import-dialog"
      role="dialog"
      aria-label={`Import ${file}`}
      data-testid="import-dialog"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !busy) dispatch({ type: 'close' });
      }}
    >
      <h3>Import {file}</h3>
      {!s.result.ok && (
        <p role="alert" className="form-error" data-testid="import-error">
          {s.result.error.text}
        </p>
      )}
      <EnvFields s={s} onRetype={onRetype} />
      {s.result.ok && (
        <>
          <ImportDetails preview={s.result.value} />
          <h4>Rules</h4>
          <RuleList s={s} dispatch={dispatch} />
          <LocalRuleAdder
            preview={s.result.value}
            onAdd={(rule) => dispatch({ type: 'add-local', rule })}
          />
          <label>
            Profile{' '}
            <input
              aria-label="Profile name"
              value={s.profileName}
              maxLength={80}
              onChange={(e) => dispatch({ type: 'set', profileName: e.target.value })}
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={s.start}
              onChange={(e) => dispatch({ type: 'set', start: e.target.checked })}
            />{' '}
            Start the rules now
          </label>
        </>
      )}
      {s.saveError && (
        <p role="alert" className="form-error" data-testid="import-save-error">
          {s.saveError}
        </p>
      )}
      <div className="import-buttons">
        {s.result.ok && (
          <button
            type="button"
            className="primary"
            disabled={busy || count === 0 || s.profileName.trim() === ''}
            onClick={onConfirm}
          >
            {busy ? 'Creating…' : `Create ${count} rule${count === 1 ? '' : 's'} as a profile`}
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => dispatch({ type: 'close' })}>
          {s.result.ok ? 'Cancel' : 'Close'}
        </button>
      </div>
    </div>
  );
}
