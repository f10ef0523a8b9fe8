/** The editor's fields and what they mean: one rule, or the rules of a pasted command line. */
import { looksLikeCommandLine, parseCommandLine } from '../../shared/command-line/index.ts';
import {
  describeSpec,
  describeTarget,
  isLoopbackHost,
  parseRule,
  type RuleField,
} from '../../shared/mirrord-syntax/index.ts';
import type { RuleInput, RuleView } from '../../shared/model.ts';

export type Direction = RuleInput['direction'];

export interface Draft {
  direction: Direction;
  spec: string;
  name: string;
  context: string;
  namespace: string;
  target: string;
  /** kept from the rule being edited or the paste; no field of its own */
  bindAddress?: string;
}

export const EMPTY_DRAFT: Draft = {
  direction: 'L',
  spec: '',
  name: '',
  context: '',
  namespace: '',
  target: '',
};

const opt = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);

/** Blank optional fields are left out so the engine applies its defaults. */
export function toRuleInput(d: Draft): RuleInput {
  return {
    direction: d.direction,
    spec: d.spec.trim(),
    name: opt(d.name),
    target: opt(d.target),
    namespace: opt(d.namespace),
    context: opt(d.context),
    ...(opt(d.bindAddress) ? { bindAddress: opt(d.bindAddress) } : {}),
  };
}

/** The fields of an existing rule, for editing it. */
export function fromRule(r: RuleView): Draft {
  return {
    direction: r.direction,
    spec: r.spec,
    name: r.name,
    context: r.context ?? '',
    namespace: r.namespace ?? '',
    target: r.target ?? '',
    bindAddress: r.bindAddress,
  };
}

export interface PreviewItem {
  input: RuleInput;
  /** `127.0.0.1:18090 → localhost:80 · deployment py-serv` */
  text: string;
}

export type DraftCheck =
  | { kind: 'empty' }
  | { kind: 'invalid'; error: string; field?: RuleField | 'paste' }
  | { kind: 'rules'; pasted: boolean; items: PreviewItem[]; notes: string[] };

function describe(input: RuleInput): string {
  const parsed = parseRule(input);
  const where = parsed.ok ? describeTarget(parsed.value.target) : (input.target ?? 'targetless');
  const ns = input.namespace ? ` in ${input.namespace}` : '';
  const ctx = input.context ? ` (${input.context})` : '';
  const spec = describeSpec(input.direction, input.spec, {
    bindAddress: input.bindAddress,
    target: parsed.ok ? parsed.value.target : undefined,
  });
  return `-${input.direction} ${spec} · ${where}${ns}${ctx}`;
}

/** Live validation with mirrord's messages, and the preview of what saving would create. */
export function checkDraft(d: Draft): DraftCheck {
  if (d.spec.trim() === '') return { kind: 'empty' };
  if (looksLikeCommandLine(d.spec)) {
    const pasted = parseCommandLine(d.spec);
    if (!pasted.ok) return { kind: 'invalid', error: pasted.error, field: 'paste' };
    // The paste's own flags win; the form's cluster fields fill what it leaves out.
    const inputs = pasted.value.rules.map((r) => ({
      ...r,
      context: r.context ?? opt(d.context),
      namespace: r.namespace ?? opt(d.namespace),
    }));
    const items = inputs.map((input) => ({ input: dropEmpty(input), text: describe(input) }));
    return {
      kind: 'rules',
      pasted: true,
      items,
      notes: [...pasted.value.notes, ...exposure(inputs)],
    };
  }
  const input = toRuleInput(d);
  const parsed = parseRule(input);
  if (!parsed.ok) return { kind: 'invalid', error: parsed.error, field: parsed.field };
  return {
    kind: 'rules',
    pasted: false,
    items: [{ input, text: describe(input) }],
    notes: exposure([input]),
  };
}

/** Listening beyond loopback is allowed when asked for, but said before saving. */
function exposure(inputs: readonly RuleInput[]): string[] {
  const open = new Set(
    inputs.map((i) => i.bindAddress).filter((a): a is string => !!a && !isLoopbackHost(a)),
  );
  return [...open].map(
    (a) => `Listens on ${a}: reachable from other machines, not only from this one.`,
  );
}

function dropEmpty(input: RuleInput): RuleInput {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as RuleInput;
}
