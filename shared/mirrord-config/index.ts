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
