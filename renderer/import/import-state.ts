/** The import dialog as a small state machine: closed → reading → ready ⇄ saving → done. */
import type { ApplyResult } from '../../shared/mirrord-config/import-apply.ts';
import type { ImportResult, ImportSource } from '../../shared/mirrord-config/import-preview.ts';
import type { RuleInput } from '../../shared/model.ts';
import type { EnvAsk } from './import-flow.ts';

export type ImportState =
  | { phase: 'closed' }
  | { phase: 'reading'; file: string }
  | {
      phase: 'ready' | 'saving';
      source?: ImportSource;
      env: EnvAsk;
      typed: Record<string, string>;
      result: ImportResult;
      /** -L rules the user added for the file's target. */
      extra: RuleInput[];
      profileName: string;
      start: boolean;
      saveError?: string;
    }
  | { phase: 'done'; profile: string; count: number };

export type ImportEvent =
  | { type: 'reading'; file: string }
  | { type: 'read'; source?: ImportSource; env: EnvAsk; result: ImportResult }
  | { type: 'retyped'; typed: Record<string, string>; result: ImportResult }
  | { type: 'add-local'; rule: RuleInput }
  | { type: 'remove-local'; index: number }
  | { type: 'set'; profileName?: string; start?: boolean }
  | { type: 'saving' }
  | { type: 'saved'; outcome: ApplyResult }
  | { type: 'close' };

const NO_ENV: EnvAsk = { fromHost: {}, missing: [] };

export const closed: ImportState = { phase: 'closed' };

/** One transition; events that make no sense in a phase leave the state as it is. */
export function importReducer(s: ImportState, e: ImportEvent): ImportState {
  switch (e.type) {
    case 'reading':
      return { phase: 'reading', file: e.file };
    case 'read':
      return {
        phase: 'ready',
        ...(e.source ? { source: e.source } : {}),
        env: e.env ?? NO_ENV,
        typed: {},
        result: e.result,
        extra: [],
        profileName: e.result.ok ? e.result.value.profileName : '',
        start: true,
      };
    case 'close':
      return closed;
  }
  if (s.phase === 'saving' && e.type === 'saved') {
    if (e.outcome.ok)
      return { phase: 'done', profile: e.outcome.profile, count: e.outcome.ruleIds.length };
    return { ...s, phase: 'ready', saveError: e.outcome.error };
  }
  if (s.phase !== 'ready') return s;
  switch (e.type) {
    case 'retyped':
      return { ...s, typed: e.typed, result: e.result };
    case 'add-local':
      return { ...s, extra: [...s.extra, e.rule] };
    case 'remove-local':
      return { ...s, extra: s.extra.filter((_, i) => i !== e.index) };
    case 'set':
      return {
        ...s,
        ...(e.profileName !== undefined ? { profileName: e.profileName } : {}),
        ...(e.start !== undefined ? { start: e.start } : {}),
      };
    case 'saving': {
      const { saveError: _previous, ...rest } = s;
      return { ...rest, phase: 'saving' };
    }
    default:
      return s;
  }
}

/** Every rule confirming would create: the file's, then the user's -L rules. */
export function rulesToCreate(s: Extract<ImportState, { phase: 'ready' | 'saving' }>): RuleInput[] {
  return s.result.ok ? [...s.result.value.rules, ...s.extra] : [];
}
