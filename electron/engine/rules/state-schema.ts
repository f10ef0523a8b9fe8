/**
 * The state file's schema, by version. Version 2 (current): rules with their `enabled` flag,
 * profiles as a list, settings. Version 1 kept a `running` flag per rule and profiles as a
 * name → rule ids map, without settings; `migrate` turns it into version 2.
 */
import { z } from 'zod';
import {
  DEFAULT_SETTINGS,
  ProfileSchema,
  RuleSchema,
  SettingsSchema,
  type Profile,
  type Rule,
  type Settings,
} from '../../../shared/model.ts';

export const STATE_VERSION = 2;

export interface AppState {
  rules: Rule[];
  profiles: Profile[];
  settings: Settings;
}

const V1RuleSchema = z
  .object({ id: z.string().min(1), running: z.boolean().optional() })
  .passthrough();

const V1Schema = z.object({
  version: z.literal(1),
  rules: z.array(V1RuleSchema),
  profiles: z.record(z.string(), z.array(z.string())).optional(),
});

const V2Schema = z.object({
  version: z.literal(2),
  rules: z.array(z.unknown()),
  profiles: z.array(ProfileSchema),
  settings: SettingsSchema.partial(),
});

export type StateFileV2 = z.infer<typeof V2Schema>;

/** A parsed file: the state, plus rules that did not pass the schema (reported, kept aside). */
export interface Decoded {
  state: AppState;
  badRules: Array<{ index: number; why: string }>;
  migratedFrom?: number;
}

/** Decodes any known version; throws an Error saying why for anything else. */
export function decodeState(json: unknown): Decoded {
  const version = (json as { version?: unknown } | null)?.version;
  if (version === 1) return { ...fromV2(migrate(V1Schema.parse(json))), migratedFrom: 1 };
  if (version === STATE_VERSION) return fromV2(V2Schema.parse(json));
  if (typeof version === 'number' && version > STATE_VERSION)
    throw new Error(`it was written by a newer Portside (state version ${version})`);
  throw new Error('it is not a Portside state file (no known version)');
}

function migrate(v1: z.infer<typeof V1Schema>): StateFileV2 {
  const rules = v1.rules.map(({ running, ...rest }) => ({ ...rest, enabled: running ?? false }));
  const profiles = Object.entries(v1.profiles ?? {}).map(([name, ruleIds]) => ({ name, ruleIds }));
  return { version: 2, rules, profiles, settings: {} };
}

function fromV2(file: StateFileV2): Decoded {
  const rules: Rule[] = [];
  const badRules: Decoded['badRules'] = [];
  file.rules.forEach((raw, index) => {
    const withName = { name: '', ...(raw as object) };
    const r = RuleSchema.safeParse(withName);
    if (r.success) rules.push(r.data);
    else badRules.push({ index, why: z.prettifyError(r.error).replace(/\s+/g, ' ') });
  });
  return {
    state: { rules, profiles: file.profiles, settings: { ...DEFAULT_SETTINGS, ...file.settings } },
    badRules,
  };
}

export function encodeState(state: AppState): string {
  const file: StateFileV2 = { version: STATE_VERSION, ...state };
  return `${JSON.stringify(file, null, 2)}\n`;
}
