/**
 * Confirming an import: the rules are added, then grouped in a new profile. All or nothing: when a
 * rule or the profile is refused, the rules already added are removed again before the error is
 * returned. Used by the window (through the contract) and by `portside import --save` (the engine).
 */
import { errorText } from '../errors.ts';
import type { RuleInput } from '../model.ts';

/** What the import needs from a host; the renderer passes its API, the CLI its engine. */
export interface ImportHost {
  addRule(input: RuleInput): Promise<{ id: string }>;
  removeRule(id: string): Promise<unknown>;
  profileNames(): Promise<string[]>;
  saveProfile(profile: { name: string; ruleIds: string[] }): Promise<unknown>;
}

export type ApplyResult =
  { ok: true; profile: string; ruleIds: string[] } | { ok: false; error: string };

/** `shop`, else `shop (2)`, `shop (3)`…: an import never replaces a profile the user has. */
export function freeProfileName(wanted: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.toLowerCase()));
  if (!used.has(wanted.toLowerCase())) return wanted;
  for (let i = 2; ; i++) {
    const name = `${wanted} (${i})`;
    if (!used.has(name.toLowerCase())) return name;
  }
}

async function rollback(host: ImportHost, ids: readonly string[]): Promise<void> {
  for (const id of [...ids].reverse()) {
    try {
      await host.removeRule(id);
    } catch {
      // Best effort: the rule may already be gone; the import's own error is what the user needs.
    }
  }
}

/** Adds `rules` (started when `start`) and saves them as a profile named after `profileName`. */
export async function applyImport(
  host: ImportHost,
  rules: readonly RuleInput[],
  profileName: string,
  opts: { start: boolean },
): Promise<ApplyResult> {
  if (rules.length === 0) return { ok: false, error: 'there are no rules to create' };
  const ids: string[] = [];
  try {
    const profile = freeProfileName(profileName, await host.profileNames());
    for (const rule of rules) {
      const added = await host.addRule({ ...rule, enabled: opts.start });
      ids.push(added.id);
    }
    await host.saveProfile({ name: profile, ruleIds: ids });
    return { ok: true, profile, ruleIds: ids };
  } catch (e) {
    await rollback(host, ids);
    const failed = rules[ids.length];
    const which = failed ? `-${failed.direction} ${failed.spec}` : 'the profile';
    return { ok: false, error: `nothing was created: ${which} was refused: ${errorText(e)}` };
  }
}
