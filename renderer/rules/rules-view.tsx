import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';
import { selectVisibleRuleIds } from '../store/selectors.ts';
import { RuleRow } from './rule-row.tsx';
import { RulesToolbar } from './rules-toolbar.tsx';
import { UndoBar } from './undo-bar.tsx';
import './rules.css';

/** Every rule the filter lets through, in the order the engine lists them. */
export function RulesView() {
  const any = useStore((s) => s.ruleIds.length > 0);
  const list = useStore(useShallow(selectVisibleRuleIds));
  return (
    <section className="rules" aria-label="Rules">
      <h2>Rules</h2>
      <UndoBar />
      {!any ? (
        <p className="empty" data-testid="rules-empty">
          No rules yet. Add one above, pick a port from the cluster, or paste a command line.
        </p>
      ) : (
        <>
          <RulesToolbar />
          {list.length === 0 && (
            <p className="empty" data-testid="rules-filtered-out">
              No rule matches the filter.
            </p>
          )}
          <ul className="rule-list">
            {list.map((id) => (
              <RuleRow key={id} id={id} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
