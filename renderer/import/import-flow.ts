/**
 * The window's import, outside React: read a dropped or chosen file in the renderer (works in the
 * browser host too), ask the host only for the variables its templates read, preview it, and on
 * confirm create the rules as a profile, all or nothing.
 */
import type { PortsideApi } from '../../shared/contract.ts';
import { errorText } from '../../shared/errors.ts';
import type { RuleInput } from '../../shared/model.ts';
import { applyImport, type ApplyResult } from '../../shared/mirrord-config/import-apply.ts';
import { sizeProblem } from '../../shared/mirrord-config/import-guard.ts';
import {
  importErrorText,
  previewImport,
  type ImportResult,
  type ImportSource,
} from '../../shared/mirrord-config/import-preview.ts';
import { templateEnvNames } from '../../shared/mirrord-config/template-env.ts';
import { addRule } from '../store/actions.ts';
import { useStore } from '../store/index.ts';

/** What the File API gives (a drop or the file input). */
export interface PickedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type ReadResult = { ok: true; source: ImportSource } | Extract<ImportResult, { ok: false }>;

const refused = (file: string, message: string): Extract<ImportResult, { ok: false }> => ({
  ok: false,
  error: { file, message, text: importErrorText({ file, message }) },
});

/** Reads the file's bytes; a file over 1 MiB is refused by its size, unread. */
export async function readPicked(file: PickedFile): Promise<ReadResult> {
  const tooBig = sizeProblem(file.size);
  if (tooBig) return refused(file.name, tooBig);
  try {
    return {
      ok: true,
      source: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    };
  } catch (e) {
    return refused(file.name, `the file could not be read: ${errorText(e)}`);
  }
}

/** Template variables the file reads that the host does not have (the user may type them). */
export interface EnvAsk {
  fromHost: Record<string, string>;
  missing: string[];
}

/** Asks the host for the file's template variables; a host that cannot answer means none. */
export async function hostEnv(api: PortsideApi, source: ImportSource): Promise<EnvAsk> {
  const text = new TextDecoder().decode(source.bytes.subarray(0, 1024 * 1024));
  const names = templateEnvNames(text);
  const fromHost = await api.importEnv({ names }).catch(() => ({}) as Record<string, string>);
  const missing = names.filter((n) => !n.startsWith('MIRRORD_') && !(n in fromHost));
  return { fromHost, missing };
}

/** The preview with the host's variables, overridden by what the user typed (empty = unset). */
export function previewWith(
  source: ImportSource,
  env: EnvAsk,
  typed: Record<string, string>,
): ImportResult {
  const own = Object.fromEntries(Object.entries(typed).filter(([, v]) => v !== ''));
  return previewImport(source, { env: { ...env.fromHost, ...own } });
}

/** Creates the rules and their profile; the store follows the host's answers. */
export async function confirmImport(
  api: PortsideApi,
  rules: readonly RuleInput[],
  profileName: string,
  start: boolean,
): Promise<ApplyResult> {
  const result = await applyImport(
    {
      addRule: (input) => addRule(api, input),
      removeRule: async (id) => {
        await api.rulesRemove({ id });
        useStore.getState().dropRule(id);
      },
      profileNames: async () => (await api.profilesList()).map((p) => p.name),
      saveProfile: (p) => api.profilesSave(p),
    },
    rules,
    profileName,
    { start },
  );
  useStore
    .getState()
    .setProfiles(await api.profilesList().catch(() => useStore.getState().profiles));
  return result;
}
