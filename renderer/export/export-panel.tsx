import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { exportRules } from '../../shared/mirrord-config/export.ts';
import { selectRules } from '../store/selectors.ts';
import { useStore } from '../store/index.ts';
import { CopyText } from './copy-text.tsx';
import { rulesFor, type ExportChoice } from './export-source.ts';
import './export.css';

const choiceKey = (c: ExportChoice): string =>
  c.kind === 'profile' ? `profile:${c.name}` : c.kind;
const keyChoice = (k: string): ExportChoice =>
  k.startsWith('profile:')
    ? { kind: 'profile', name: k.slice('profile:'.length) }
    : { kind: k === 'selected' ? 'selected' : 'all' };

/** Rules → a mirrord config file and the equivalent `mirrord` / `bin/portside` command lines, to copy. */
export function ExportPanel({ onClose }: { onClose(): void }) {
  const rules = useStore(useShallow(selectRules));
  const selected = useStore((s) => s.selected);
  const profiles = useStore((s) => s.profiles);
  const selectedCount = Object.keys(selected).length;
  const [choice, setChoice] = useState<ExportChoice>(
    selectedCount > 0 ? { kind: 'selected' } : { kind: 'all' },
  );
  const groups = useMemo(
    () => exportRules(rulesFor(choice, rules, selected, profiles)),
    [choice, rules, selected, profiles],
  );
  return (
    <div
      className="floating-panel export-panel"
      role="dialog"
      aria-label="Export rules"
      data-testid="export-panel"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <h3>Export</h3>
      <label>
        Rules{' '}
        <select
          aria-label="Rules to export"
          value={choiceKey(choice)}
          onChange={(e) => setChoice(keyChoice(e.target.value))}
        >
          <option value="all">all rules ({rules.length})</option>
          {selectedCount > 0 && (
            <option value="selected">the selected rules ({selectedCount})</option>
          )}
          {profiles.map((p) => (
            <option key={p.name} value={`profile:${p.name}`}>
              profile {p.name}
            </option>
          ))}
        </select>
      </label>
      {groups.length === 0 && <p className="muted">No rules to export.</p>}
      {groups.map((g, i) => (
        <section
          key={`${g.target}${g.context ?? ''}${i}`}
          className="export-group"
          data-testid="export-group"
        >
          <h4>
            {g.target}
            {g.namespace ? ` in ${g.namespace}` : ''}
            {g.context ? ` (${g.context})` : ''}
          </h4>
          <CopyText label="mirrord.json" text={g.configText} testId="export-config" />
          <CopyText label="mirrord command" text={g.mirrordCommand} testId="export-mirrord" />
          <CopyText label="Portside command" text={g.portsideCommand} testId="export-portside" />
          {g.notes.map((n) => (
            <p key={n} className="muted">
              {n}
            </p>
          ))}
        </section>
      ))}
      <div className="export-buttons">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
