import type { DraftCheck } from './rule-draft.ts';

/** What saving will create, one line per rule, plus anything the user should know first. */
export function RulePreview({ check, notes }: { check: DraftCheck; notes: string[] }) {
  const all = [...(check.kind === 'rules' ? check.notes : []), ...notes];
  if (check.kind !== 'rules' && all.length === 0) return null;
  return (
    <div className="preview" data-testid="rule-preview" aria-live="polite">
      {check.kind === 'rules' && (
        <>
          <span className="muted">
            {check.pasted ? `Pasted command line: ${check.items.length} rule(s)` : 'Will add'}
          </span>
          <ul>
            {check.items.map((item, i) => (
              <li key={i} data-testid="preview-rule">
                <code>{item.text}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {all.map((n) => (
        <p key={n} className="note" data-testid="preview-note">
          {n}
        </p>
      ))}
    </div>
  );
}
