/** What `portside import` prints: the preview for people, or NDJSON (one object a line) for scripts. */
import type { ImportError, ImportPreview } from '../../shared/mirrord-config/import-preview.ts';

type Line = Record<string, unknown>;

/** `{"type":"rule", direction, spec, target, namespace, context, mode}` per rule, then the rest. */
export function previewLines(p: ImportPreview): Line[] {
  return [
    ...p.rules.map((r) => ({
      type: 'rule',
      direction: r.direction,
      spec: r.spec,
      target: r.target ?? p.target,
      namespace: r.namespace ?? null,
      context: r.context ?? null,
      mode: r.direction === 'R' ? (r.incomingMode ?? 'auto') : null,
    })),
    ...p.ignored.map((i) => ({ type: 'ignored', key: i.key, why: i.why })),
    ...p.fromEnv.map((e) => ({ type: 'env', name: e.name, value: e.value ?? null })),
    ...p.notes.map((message) => ({ type: 'note', message })),
  ];
}

export const errorLine = (e: ImportError): Line => ({
  type: 'error',
  file: e.file,
  line: e.line ?? null,
  column: e.column ?? null,
  message: e.message,
});

const section = (title: string, rows: string[]): string[] =>
  rows.length === 0 ? [] : ['', `${title}:`, ...rows.map((r) => `  ${r}`)];

/** The preview as a person reads it. */
export function previewText(p: ImportPreview): string[] {
  const rules = p.rules.map((r) => {
    const arrow =
      r.direction === 'L'
        ? 'listens here, connects in the cluster'
        : `mode ${r.incomingMode ?? 'auto'}`;
    return `-${r.direction} ${r.spec}  (${arrow})`;
  });
  return [
    `${p.file}: ${p.rules.length} rule${p.rules.length === 1 ? '' : 's'} for profile "${p.profileName}"`,
    `  target     ${p.target}`,
    `  namespace  ${p.namespace ?? "(the context's default)"}`,
    `  context    ${p.context ?? '(the current context)'}`,
    ...(p.kubeconfig ? [`  kubeconfig ${p.kubeconfig}`] : []),
    ...section(
      'rules',
      rules.length ? rules : ['(none: add -L or -R rules for this target in the window)'],
    ),
    ...section(
      'ignored',
      p.ignored.map((i) => `${i.key}: ${i.why}`),
    ),
    ...section(
      'from the environment',
      p.fromEnv.map((e) =>
        e.value === undefined
          ? `${e.name} (not set: the default was used)`
          : `${e.name}=${e.value}`,
      ),
    ),
    ...section('notes', p.notes),
  ];
}
