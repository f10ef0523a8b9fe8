/** User actions on rules and profiles: call the host, then reflect its answer. */
import type { PortsideApi } from '../../shared/contract.ts';
import type { RuleInput, RuleView } from '../../shared/model.ts';
import { useStore } from './index.ts';

/** Adds a rule; rejects with the host's error (shown inline by the form). */
export async function addRule(api: PortsideApi, input: RuleInput): Promise<RuleView> {
  const rule = await api.rulesAdd(input);
  useStore.getState().upsertRule(rule);
  return rule;
}

/** Replaces a rule's definition; a running rule restarts with it. */
export async function updateRule(
  api: PortsideApi,
  id: string,
  input: RuleInput,
): Promise<RuleView> {
  const rule = await api.rulesUpdate({ id, input });
  useStore.getState().upsertRule(rule);
  return rule;
}

/** A stopped copy, so the user can change its port before starting it. */
export async function duplicateRule(api: PortsideApi, id: string): Promise<void> {
  useStore.getState().upsertRule(await api.rulesDuplicate({ id }));
}

/** Removes a rule and offers it back in the undo bar. */
export async function removeRule(api: PortsideApi, id: string): Promise<void> {
  const name = useStore.getState().rulesById[id]?.name ?? id;
  await api.rulesRemove({ id });
  const s = useStore.getState();
  s.dropRule(id);
  s.toggleSelected(id, false);
  s.setUndo({ id, name });
}

/** Brings the last removed rule back with its id. */
export async function undoRemove(api: PortsideApi): Promise<void> {
  const undo = useStore.getState().undo;
  if (!undo) return;
  useStore.getState().upsertRule(await api.rulesRestore({ id: undo.id }));
  useStore.getState().setUndo(null);
}

/** Starts or stops a rule; rejects with the host's error. */
export async function setRuleEnabled(
  api: PortsideApi,
  id: string,
  enabled: boolean,
): Promise<void> {
  useStore.getState().upsertRule(await api.rulesSetEnabled({ id, enabled }));
}

/** Starts or stops several rules; each succeeds or fails on its own (shown as its state). */
export async function setManyEnabled(
  api: PortsideApi,
  ids: string[],
  enabled: boolean,
): Promise<void> {
  const views = await api.rulesSetEnabledMany({ ids, enabled });
  for (const v of views) useStore.getState().upsertRule(v);
}

/** Starts or stops every rule of a profile. */
export async function runProfile(api: PortsideApi, name: string, start: boolean): Promise<void> {
  await (start ? api.profilesStart({ name }) : api.profilesStop({ name }));
  useStore.getState().setProfiles(await api.profilesList());
}

/** Saves a profile with these rules (creating or replacing it). */
export async function saveProfile(
  api: PortsideApi,
  name: string,
  ruleIds: string[],
): Promise<void> {
  await api.profilesSave({ name, ruleIds });
  useStore.getState().setProfiles(await api.profilesList());
}

/** Deletes a profile (its rules stay). */
export async function removeProfile(api: PortsideApi, name: string): Promise<void> {
  await api.profilesRemove({ name });
  useStore.getState().setProfiles(await api.profilesList());
}
