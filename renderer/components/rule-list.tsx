import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store/index.ts';
import { RuleRow } from './rule-row.tsx';

/** Every rule, in the order the engine lists them. */
export function RuleList() {
  const list = useStore(useShallow((s) => s.rules.map((r) => r.id)));
  return (
    <section className="rules" aria-label="Rules">
      <h2>Rules</h2>
      {list.length === 0 ? (
        <p className="empty" data-testid="rules-empty">
          No rules yet. Add one above.
        </p>
      ) : (
        <ul className="rule-list">
          {list.map((id) => (
            <RuleRow key={id} id={id} />
          ))}
        </ul>
      )}
    </section>
  );
}
