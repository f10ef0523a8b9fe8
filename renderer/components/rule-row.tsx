import { useState } from 'react';
import { useApi } from '../api-context.tsx';
import { removeRule, setRuleEnabled } from '../store/actions.ts';
import { useStore } from '../store/index.ts';
import { formatBytes, formatTarget } from '../format.ts';
import { ConnectionsTable } from './connections-table.tsx';
import { errorText } from '../../shared/errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** One rule: definition, live state with its reason, counters, toggle, remove, its connections. */
export function RuleRow({ id }: { id: string }) {
  const api = useApi();
  const rule = useStore((s) => s.rules.find((r) => r.id === id));
  const [error, setError] = useState<string | null>(null);
  // The switch shows the click at once and stays put until the engine answers (stopping a rule
  // waits for its connections to close); a controlled input would otherwise snap back meanwhile.
  const [pending, setPending] = useState<boolean | null>(null);
  if (!rule) return null;

  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((err: unknown) => setError(errorText(err)));
  };
  const toggle = (enabled: boolean) => {
    setPending(enabled);
    run(() => setRuleEnabled(api, rule.id, enabled).finally(() => setPending(null)));
  };
  const { stats } = rule;
  return (
    <li className="rule" data-testid="rule-row" data-rule-id={rule.id} data-state={rule.state}>
      <div className="rule-head">
        <span className={`dir dir-${rule.direction}`}>-{rule.direction}</span>
        <span className="rule-name" data-testid="rule-name">
          {rule.name}
        </span>
        <span className={`state state-${rule.state}`} data-testid="rule-state">
          {rule.state}
        </span>
        <label className="toggle">
          <input
            type="checkbox"
            checked={pending ?? rule.enabled}
            disabled={pending !== null}
            aria-label={`Enable ${rule.name}`}
            onChange={(e) => toggle(e.target.checked)}
          />
          Enabled
        </label>
        <button
          type="button"
          className="remove"
          aria-label={`Remove ${rule.name}`}
          onClick={() => run(() => removeRule(api, rule.id))}
        >
          Remove
        </button>
      </div>
      <div className="rule-body">
        <code data-testid="rule-spec">{rule.spec}</code>
        <span className="target">{formatTarget(rule.target, rule.namespace, rule.context)}</span>
        {rule.listenAddress && (
          <span className="listen" data-testid="rule-listen">
            listening on {rule.listenAddress}
          </span>
        )}
      </div>
      {rule.bindAddress && !LOOPBACK.has(rule.bindAddress) && (
        <p className="reason" data-testid="rule-exposed">
          Listens on {rule.bindAddress}: reachable from other machines, not only from this one.
        </p>
      )}
      {rule.reason && (
        <p className="reason" data-testid="rule-reason">
          {rule.reason}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="counters" data-testid="rule-counters">
        open {stats.open} · total {stats.total} · failed {stats.failed} · ↑{' '}
        {formatBytes(stats.bytesUp)} · ↓ {formatBytes(stats.bytesDown)}
      </div>
      <ConnectionsTable ruleId={rule.id} />
    </li>
  );
}
