/**
 * When a rule's state change is worth a notification (failed, recovered after a drop, gave up),
 * and when it is not: muted for that rule or globally, the window in front, or too soon after the
 * last one for the same rule (a flapping rule must not spam). Pure; used by the Electron host (OS
 * notifications) and the browser host's renderer (web Notification API).
 */
import type { RuleView } from './model.ts';

export type NotifyKind = 'failed' | 'recovered' | 'gave-up';

export interface RuleNotification {
  ruleId: string;
  kind: NotifyKind;
  title: string;
  body: string;
}

export interface NotifyPrefs {
  enabled: boolean;
  mutedRuleIds: readonly string[];
}

/** Settings as stored (fields optional for files written before notifications existed). */
export function notifyPrefsOf(s: {
  notifications?: boolean;
  mutedRuleIds?: string[];
}): NotifyPrefs {
  return { enabled: s.notifications !== false, mutedRuleIds: s.mutedRuleIds ?? [] };
}

const DROPPED: ReadonlySet<RuleView['state']> = new Set(['reconnecting', 'degraded']);

function kindOf(before: RuleView, after: RuleView): NotifyKind | undefined {
  // The user stopping or removing a rule is not news; only running rules are watched.
  if (!after.enabled || before.state === after.state) return undefined;
  if (after.state === 'failed') return DROPPED.has(before.state) ? 'gave-up' : 'failed';
  if (after.state === 'listening' && DROPPED.has(before.state)) return 'recovered';
  return undefined;
}

const nameOf = (r: RuleView): string =>
  r.name && r.name !== r.spec
    ? `${r.name} (-${r.direction} ${r.spec})`
    : `-${r.direction} ${r.spec}`;

function describe(kind: NotifyKind, r: RuleView): RuleNotification {
  const reason = r.reason ? `: ${r.reason}` : '';
  const text: Record<NotifyKind, [string, string]> = {
    failed: ['Rule failed', `${nameOf(r)} could not start${reason}`],
    'gave-up': ['Rule gave up', `${nameOf(r)} stopped reconnecting${reason}`],
    recovered: ['Rule recovered', `${nameOf(r)} is forwarding again`],
  };
  const [title, body] = text[kind];
  return { ruleId: r.id, kind, title, body };
}

/** The notifications a change from `before` to `after` calls for, before any filtering. */
export function detectNotifications(
  before: readonly RuleView[],
  after: readonly RuleView[],
): RuleNotification[] {
  const old = new Map(before.map((r) => [r.id, r]));
  return after.flatMap((r) => {
    const prev = old.get(r.id);
    const kind = prev ? kindOf(prev, r) : undefined;
    return kind ? [describe(kind, r)] : [];
  });
}

export interface NotifyLimits {
  /** At most one notification per rule in this long. */
  perRuleMs: number;
  /** And at most this many for all rules together per minute. */
  perMinute: number;
}

export const DEFAULT_LIMITS: NotifyLimits = { perRuleMs: 60_000, perMinute: 6 };

export interface NotifyGate {
  /** The notifications to show now; the rest are dropped (the rule's state shows them anyway). */
  pass(list: readonly RuleNotification[], prefs: NotifyPrefs, focused: boolean): RuleNotification[];
}

/** Rate limiting with state bounded by the number of rules that notified in the last window. */
export function createNotifyGate(
  now: () => number,
  limits: NotifyLimits = DEFAULT_LIMITS,
): NotifyGate {
  const lastByRule = new Map<string, number>();
  let recent: number[] = [];
  return {
    pass(list, prefs, focused) {
      const t = now();
      for (const [id, at] of lastByRule) if (t - at >= limits.perRuleMs) lastByRule.delete(id);
      recent = recent.filter((at) => t - at < 60_000);
      if (!prefs.enabled || focused) return [];
      const out: RuleNotification[] = [];
      for (const n of list) {
        if (prefs.mutedRuleIds.includes(n.ruleId) || lastByRule.has(n.ruleId)) continue;
        if (recent.length >= limits.perMinute) break;
        lastByRule.set(n.ruleId, t);
        recent.push(t);
        out.push(n);
      }
      return out;
    },
  };
}

/** Feeds successive rule lists; returns what to show for each. */
export function createRuleNotifier(gate: NotifyGate): {
  update(rules: readonly RuleView[], prefs: NotifyPrefs, focused: boolean): RuleNotification[];
} {
  let before: readonly RuleView[] | undefined;
  return {
    update(rules, prefs, focused) {
      // The first list is the state at start: nothing changed yet.
      const found = before ? detectNotifications(before, rules) : [];
      before = rules;
      return gate.pass(found, prefs, focused);
    },
  };
}
