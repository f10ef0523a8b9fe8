/** User actions: call the host, then reflect its answer (events keep everything else live). */
import type { PortsideApi } from '../../shared/contract.ts';
import type { RuleInput, RuleView } from '../../shared/model.ts';
import { useStore } from './index.ts';

/** Adds a rule; rejects with the host's error (shown inline by the form). */
export async function addRule(api: PortsideApi, input: RuleInput): Promise<RuleView> {
  const rule = await api.rulesAdd(input);
  useStore.getState().upsertRule(rule);
  return rule;
}

/** Removes a rule; rejects with the host's error. */
export async function removeRule(api: PortsideApi, id: string): Promise<void> {
  await api.rulesRemove({ id });
  useStore.getState().dropRule(id);
}

/** Starts or stops a rule; rejects with the host's error. */
export async function setRuleEnabled(
  api: PortsideApi,
  id: string,
  enabled: boolean,
): Promise<void> {
  useStore.getState().upsertRule(await api.rulesSetEnabled({ id, enabled }));
}
