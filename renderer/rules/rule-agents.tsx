import type { RuleView } from '../../shared/model.ts';

/** Health of the optional probe and the in-cluster agents of the rule, one per pod. */
export function RuleAgents({ rule }: { rule: RuleView }) {
  const { health, agents } = rule;
  if (!health && !agents?.length) return null;
  return (
    <div className="rule-agents">
      {health && (
        <span data-testid="rule-health" title={health.reason}>
          health: <span className={`state state-${health.state}`}>{health.state}</span>
          {health.reason ? ` — ${health.reason}` : ''}
        </span>
      )}
      {agents?.map((a) => (
        <span key={`${a.namespace}/${a.pod}`} data-testid="rule-agent" title={a.reason}>
          agent in <code>{a.pod}</code>: <span className={`state state-${a.state}`}>{a.state}</span>
          {a.mode ? ` (${a.mode})` : ''}
          {a.reason ? ` — ${a.reason}` : ''}
        </span>
      ))}
    </div>
  );
}
