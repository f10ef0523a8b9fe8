/** Which rules an export covers: all, the selection, or a profile; as rule inputs (definitions only). */
import type { ProfileView, RuleInput, RuleView } from '../../shared/model.ts';

export type ExportChoice =
  { kind: 'all' } | { kind: 'selected' } | { kind: 'profile'; name: string };

/** A rule's definition without its id, name and live state: what another machine needs. */
export function definitionOf(r: RuleView): RuleInput {
  const out: RuleInput = { direction: r.direction, spec: r.spec };
  if (r.target) out.target = r.target;
  if (r.namespace) out.namespace = r.namespace;
  if (r.context) out.context = r.context;
  if (r.kubeconfig) out.kubeconfig = r.kubeconfig;
  if (r.bindAddress) out.bindAddress = r.bindAddress;
  if (r.incomingMode) out.incomingMode = r.incomingMode;
  return out;
}

/** The rules of a choice, in the window's order. */
export function rulesFor(
  choice: ExportChoice,
  rules: readonly RuleView[],
  selected: Readonly<Record<string, true>>,
  profiles: readonly ProfileView[],
): RuleInput[] {
  const ids =
    choice.kind === 'all'
      ? undefined
      : new Set(
          choice.kind === 'selected'
            ? Object.keys(selected)
            : (profiles.find((p) => p.name === choice.name)?.ruleIds ?? []),
        );
  return rules.filter((r) => !ids || ids.has(r.id)).map(definitionOf);
}
