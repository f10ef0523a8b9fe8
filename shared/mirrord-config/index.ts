/** mirrord config files (`-f`, drag-and-drop): templating, parsing, validation, rule import. No Node imports. */
export type {
  AgentConfig,
  ConfigContext,
  IncomingConfig,
  IncomingMode,
  MirrordConfig,
  StartupRetryConfig,
} from './types.ts';
export { parseMirrordConfig } from './parse-mirrord-config.ts';
export { configToRuleInputs, type ImportedRules, type ImportOptions } from './rule-inputs.ts';
export { formatOf, type ConfigFormat } from './file-format.ts';
export { renderTemplate, type TemplateVars } from './template.ts';
export { RootSchema, SECTION_KEYS } from './schema.ts';
export {
  previewImport,
  importErrorText,
  type ImportPreview,
  type ImportError,
  type ImportResult,
  type ImportSource,
  type EnvValue,
} from './import-preview.ts';
export { applyImport, freeProfileName, type ImportHost, type ApplyResult } from './import-apply.ts';
export { MAX_IMPORT_BYTES, decodeConfigBytes, sizeProblem } from './import-guard.ts';
export { exportRules, configFileText, type ExportGroup } from './export.ts';
export { templateEnvNames, pickEnv } from './template-env.ts';
export { profileNameFor } from './profile-name.ts';
export type { IgnoredKey } from './ignored-keys.ts';
