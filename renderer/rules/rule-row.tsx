import { useEffect, useRef } from 'react';
import { isLoopbackHost } from '../../shared/mirrord-syntax/index.ts';
import type { RuleView } from '../../shared/model.ts';
import { ConnectionsPanel } from '../connections/connections-panel.tsx';
import { useStore } from '../store/index.ts';
import { RuleAgents } from './rule-agents.tsx';
import { RuleButtons, useRuleActions } from './rule-actions.tsx';
import { RuleLive } from './rule-live.tsx';
import { RuleTarget } from './rule-target.tsx';
import { routeHint } from './route-hint.ts';

/** Scrolls to and focuses the row when the host asked to show this rule (a clicked notification). */
function useFocusWhenAsked(id: string) {
  const focused = useStore((s) => s.focusRuleId === id);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (!focused) return;
    ref.current?.scrollIntoView?.({ block: 'center' });
    ref.current?.focus();
    useStore.getState().focusRule(null);
  }, [focused]);
  return ref;
}

/**
 * One rule: definition, state with its reason, agents and health, counters and rates, actions,
 * and its connections. Selects only its own rule, so other rules' updates do not re-render it.
 */
export function RuleRow({ id }: { id: string }) {
  const rule = useStore((s) => s.rulesById[id]);
  const folded = useStore((s) => s.folded[id] === true);
  const actions = useRuleActions(id);
  const ref = useFocusWhenAsked(id);
  if (!rule) return null;
  return (
    <li
      ref={ref}
      tabIndex={-1}
      className="rule"
      data-testid="rule-row"
      data-rule-id={rule.id}
      data-state={rule.state}
    >
      <RuleHead rule={rule} actions={actions} />
      <RuleBody rule={rule} />
      {actions.error && (
        <p className="form-error" role="alert">
          {actions.error}
        </p>
      )}
      <RuleAgents rule={rule} />
      <RuleLive rule={rule} />
      <button
        type="button"
        className="fold"
        aria-expanded={!folded}
        aria-label={`${folded ? 'Show' : 'Hide'} connections of ${rule.name}`}
        onClick={() => useStore.getState().toggleFolded(rule.id)}
      >
        {folded ? '▸ Connections' : '▾ Connections'}
      </button>
      {!folded && <ConnectionsPanel ruleId={rule.id} ruleName={rule.name} />}
    </li>
  );
}

function RuleHead({
  rule,
  actions,
}: {
  rule: RuleView;
  actions: ReturnType<typeof useRuleActions>;
}) {
  const selected = useStore((s) => s.selected[rule.id] === true);
  return (
    <div className="rule-head">
      <input
        type="checkbox"
        checked={selected}
        aria-label={`Select ${rule.name}`}
        onChange={(e) => useStore.getState().toggleSelected(rule.id, e.target.checked)}
      />
      <span className={`dir dir-${rule.direction}`}>-{rule.direction}</span>
      <span className="rule-name" data-testid="rule-name">
        {rule.name}
      </span>
      <span className={`state state-${rule.state}`} data-testid="rule-state">
        {rule.state}
      </span>
      <RuleButtons rule={rule} actions={actions} />
    </div>
  );
}

/** Spec, target, route, where it listens, and why it is in its state. */
function RuleBody({ rule }: { rule: RuleView }) {
  const exposed = rule.bindAddress !== undefined && !isLoopbackHost(rule.bindAddress);
  return (
    <>
      <div className="rule-body">
        <code data-testid="rule-spec">{rule.spec}</code>
        <RuleTarget rule={rule} />
        <span data-testid="rule-route">route: {routeHint(rule)}</span>
        {rule.listenAddress && (
          <span className="listen" data-testid="rule-listen">
            listening on {rule.listenAddress}
          </span>
        )}
      </div>
      {exposed && (
        <p className="reason" data-testid="rule-exposed">
          Listens on {rule.bindAddress}: reachable from other machines, not only from this one.
        </p>
      )}
      {rule.reason && (
        <p className="reason" data-testid="rule-reason">
          {rule.reason}
        </p>
      )}
    </>
  );
}
