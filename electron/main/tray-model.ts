/**
 * The tray menu as data, a pure function of engine state (rules, profiles): a checkbox per rule
 * grouped by profile with start/stop per profile, Start all / Stop all, Open, Quit. The Electron
 * adapter (tray.ts) turns it into a Menu; tests read it without Electron.
 */
import type { ProfileView, RuleView } from '../../shared/model.ts';

export type TrayHealth = 'ok' | 'reconnecting' | 'failed';

export type TrayAction =
  | { type: 'set-rule'; id: string; enabled: boolean }
  | { type: 'start-profile'; name: string }
  | { type: 'stop-profile'; name: string }
  | { type: 'start-all' }
  | { type: 'stop-all' }
  | { type: 'open' }
  | { type: 'quit' };

export type TrayItem =
  | { kind: 'label'; label: string }
  | { kind: 'rule'; id: string; label: string; checked: boolean; action: TrayAction }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'submenu'; label: string; items: TrayItem[] }
  | { kind: 'separator' };

export interface TrayModel {
  health: TrayHealth;
  tooltip: string;
  items: TrayItem[];
}

/** Above this many rule rows the profiles fold into submenus, so the menu fits on a screen. */
export const MAX_INLINE_RULES = 20;
const MAX_LABEL = 60;

const MARK: Record<RuleView['state'], string> = {
  stopped: '○',
  starting: '◌',
  listening: '●',
  reconnecting: '◐',
  degraded: '◐',
  failed: '✕',
};

const clip = (s: string): string => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

const isTrouble = (r: RuleView): boolean =>
  r.enabled &&
  (r.state === 'reconnecting' || r.state === 'degraded' || r.health?.state === 'unhealthy');

/** Worst state wins: a failed rule, else one reconnecting (or degraded, or failing its probe). */
export function trayHealth(rules: readonly RuleView[]): TrayHealth {
  if (rules.some((r) => r.enabled && r.state === 'failed')) return 'failed';
  return rules.some(isTrouble) ? 'reconnecting' : 'ok';
}

/** `● api  -L 8080:api:80`, with the state in words when it is not the expected one. */
export function ruleLabel(r: RuleView): string {
  const spec = `-${r.direction} ${r.spec}`;
  const name = r.name && r.name !== r.spec && r.name !== spec ? `${r.name}  ` : '';
  const expected = r.enabled ? r.state === 'listening' : r.state === 'stopped';
  const word = expected ? '' : `  (${r.state})`;
  return `${MARK[r.state]} ${clip(`${name}${spec}`)}${word}`;
}

const ruleItem = (r: RuleView): TrayItem => ({
  kind: 'rule',
  id: r.id,
  label: ruleLabel(r),
  checked: r.enabled,
  action: { type: 'set-rule', id: r.id, enabled: !r.enabled },
});

function profileItems(p: ProfileView, rules: RuleView[]): TrayItem[] {
  const toggle: TrayItem = p.running
    ? {
        kind: 'action',
        label: 'Stop profile',
        action: { type: 'stop-profile', name: p.name },
        enabled: true,
      }
    : {
        kind: 'action',
        label: 'Start profile',
        action: { type: 'start-profile', name: p.name },
        enabled: rules.length > 0,
      };
  return [toggle, ...rules.map(ruleItem)];
}

interface Group {
  title: string;
  profile?: ProfileView;
  rules: RuleView[];
}

function groups(rules: RuleView[], profiles: ProfileView[]): Group[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const inProfile = new Set(profiles.flatMap((p) => p.ruleIds));
  const out: Group[] = profiles.map((p) => ({
    title: p.name,
    profile: p,
    rules: p.ruleIds.flatMap((id) => byId.get(id) ?? []),
  }));
  const loose = rules.filter((r) => !inProfile.has(r.id));
  if (loose.length > 0)
    out.push({ title: profiles.length > 0 ? 'Other rules' : 'Rules', rules: loose });
  return out;
}

function groupItems(g: Group, fold: boolean): TrayItem[] {
  const items = g.profile ? profileItems(g.profile, g.rules) : g.rules.map(ruleItem);
  if (fold) {
    const on = g.rules.filter((r) => r.enabled).length;
    return [{ kind: 'submenu', label: clip(`${g.title}  (${on}/${g.rules.length} on)`), items }];
  }
  return [{ kind: 'label', label: clip(g.title) }, ...items];
}

function tooltip(rules: readonly RuleView[], health: TrayHealth): string {
  const on = rules.filter((r) => r.enabled).length;
  const failed = rules.filter((r) => r.enabled && r.state === 'failed').length;
  const parts = [`${on} of ${rules.length} rule${rules.length === 1 ? '' : 's'} on`];
  if (failed > 0) parts.push(`${failed} failed`);
  else if (health === 'reconnecting') parts.push('reconnecting');
  return `Portside — ${parts.join(', ')}`;
}

/** The whole menu for the current state. */
export function buildTrayModel(
  rules: readonly RuleView[],
  profiles: readonly ProfileView[],
): TrayModel {
  const health = trayHealth(rules);
  const list = groups([...rules], [...profiles]);
  const rows = list.reduce((n, g) => n + g.rules.length, 0);
  const fold = rows > MAX_INLINE_RULES;
  const body = list.flatMap((g, i) => [
    ...(i > 0 && !fold ? [{ kind: 'separator' } as const] : []),
    ...groupItems(g, fold),
  ]);
  const anyOff = rules.some((r) => !r.enabled);
  const anyOn = rules.some((r) => r.enabled);
  const items: TrayItem[] = [
    ...(rules.length === 0
      ? [{ kind: 'label', label: 'No rules yet: add them in the window' } as const]
      : body),
    { kind: 'separator' },
    { kind: 'action', label: 'Start all', action: { type: 'start-all' }, enabled: anyOff },
    { kind: 'action', label: 'Stop all', action: { type: 'stop-all' }, enabled: anyOn },
    { kind: 'separator' },
    { kind: 'action', label: 'Open Portside', action: { type: 'open' }, enabled: true },
    { kind: 'action', label: 'Quit Portside', action: { type: 'quit' }, enabled: true },
  ];
  return { health, tooltip: tooltip(rules, health), items };
}
