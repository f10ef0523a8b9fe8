import type { RuleView } from '../../shared/model.ts';

/** context / namespace / kind/name, with the defaults spelled out so nothing is implicit. */
export function RuleTarget({ rule }: { rule: RuleView }) {
  const target = rule.target && rule.target !== 'targetless' ? rule.target : 'targetless';
  return (
    <span className="rule-target" data-testid="rule-target" title="context / namespace / target">
      <span className="muted">{rule.context || 'current context'}</span> /{' '}
      <span className="muted">{rule.namespace || 'default namespace'}</span> / <code>{target}</code>
    </span>
  );
}
