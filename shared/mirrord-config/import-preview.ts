/**
 * A mirrord config file → what importing it would create, shown before anything is created (the
 * window's drop/Import… preview and `portside import`). Pure: the caller supplies bytes and env.
 */
import type { RuleInput } from '../model.ts';
import { formatTarget } from '../mirrord-syntax/target.ts';
import { locateError } from './error-position.ts';
import { formatOf, type ConfigFormat } from './file-format.ts';
import { ignoredKeysOf, isIgnoredKeyWarning, type IgnoredKey } from './ignored-keys.ts';
import { decodeConfigBytes } from './import-guard.ts';
import { parseMirrordConfig } from './parse-mirrord-config.ts';
import { profileNameFor } from './profile-name.ts';
import { configToRuleInputs, type ImportOptions } from './rule-inputs.ts';
import type { ConfigContext, IncomingMode, MirrordConfig } from './types.ts';

export interface ImportSource {
  /** The path when the host knows it (CLI, Electron), else the file name (a browser drop). */
  name: string;
  bytes: Uint8Array;
}

/** A template value the file took from the environment (`get_env`). */
export interface EnvValue {
  name: string;
  /** undefined: the variable is not set and the template's default was used. */
  value?: string;
}

export interface ImportPreview {
  file: string;
  format: ConfigFormat;
  /** mirrord target path; `targetless` when the file names none. */
  target: string;
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  rules: RuleInput[];
  ignored: IgnoredKey[];
  fromEnv: EnvValue[];
  /** Everything else worth knowing, one sentence each. */
  notes: string[];
  profileName: string;
}

export interface ImportError {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** `mirrord.json, line 3, column 14: invalid JSON: …` */
  text: string;
}

export type ImportResult = { ok: true; value: ImportPreview } | { ok: false; error: ImportError };

/** mirrord's incoming mode → the -R mode; mirrord's `mirror` has no Portside equivalent. */
const RULE_MODE: Record<IncomingMode, RuleInput['incomingMode']> = {
  steal: 'steal',
  mirror: 'auto',
  off: 'auto',
};

export function importErrorText(e: Omit<ImportError, 'text'>): string {
  const where =
    e.line === undefined
      ? ''
      : `, line ${e.line}${e.column === undefined ? '' : `, column ${e.column}`}`;
  return `${e.file}${where}: ${e.message}`;
}

function fail(file: string, at: Omit<ImportError, 'file' | 'text'>): ImportResult {
  const e = { file, ...at };
  return { ok: false, error: { ...e, text: importErrorText(e) } };
}

/** Wraps env so the names the templates read are known (shown in the preview). */
function recordingEnv(env: ConfigContext['env']): { env: ConfigContext['env']; read: Set<string> } {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, name, receiver) {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  return { env: proxy, read };
}

function modeRules(config: MirrordConfig, rules: RuleInput[], notes: string[]): RuleInput[] {
  const mode = config.incoming.mode;
  if (rules.length > 0 && mode === 'off') {
    notes.push(
      'incoming traffic is off in this file (`feature.network.incoming`), so no -R rules are proposed',
    );
    return [];
  }
  if (rules.length > 0 && mode === 'mirror') {
    notes.push(
      "mirrord's `mirror` mode copies traffic; Portside's -R takes it instead (steal when the app owns the port, else listen)",
    );
  }
  return rules.map((r) => ({ ...r, incomingMode: RULE_MODE[mode] }));
}

interface Parsed {
  name: string;
  format: ConfigFormat;
  config: MirrordConfig;
  fromEnv: EnvValue[];
}

function build({ name, format, config, fromEnv }: Parsed, opts: ImportOptions): ImportPreview {
  const imported = configToRuleInputs(config, opts);
  const notes = config.warnings.filter((w) => !isIgnoredKeyWarning(w));
  const rules = modeRules(config, imported.rules, notes);
  // When `off` dropped the rules, the notes about how they were made no longer apply.
  if (rules.length > 0 || imported.rules.length === 0) notes.push(...imported.warnings);
  const preview: ImportPreview = {
    file: name,
    format,
    target: config.target ? formatTarget(config.target) : 'targetless',
    rules,
    ignored: ignoredKeysOf(config),
    fromEnv,
    notes,
    profileName: profileNameFor(name),
  };
  if (config.namespace !== undefined) preview.namespace = config.namespace;
  if (config.context !== undefined) preview.context = config.context;
  const kubeconfig = opts.kubeconfig ?? config.kubeconfig;
  if (kubeconfig !== undefined) preview.kubeconfig = kubeconfig;
  return preview;
}

/** Checks, parses and previews a file; every refusal names the file and, when known, line and column. */
export function previewImport(
  source: ImportSource,
  ctx: ConfigContext,
  opts: ImportOptions = {},
): ImportResult {
  const decoded = decodeConfigBytes(source.bytes);
  if (!decoded.ok) return fail(source.name, { message: decoded.error });
  const text = decoded.value;
  const format = formatOf(source.name);
  if (!format.ok) return fail(source.name, { message: format.error });
  const { env, read } = recordingEnv(ctx.env);
  const parsed = parseMirrordConfig(text, source.name, { ...ctx, env });
  if (!parsed.ok) return fail(source.name, locateError(parsed.error, text, format.value));
  // Only names the file itself mentions: the parser also looks up MIRRORD_KEY on its own.
  const fromEnv = [...read]
    .filter((n) => new RegExp(`["']${n}["']`).test(text))
    .sort()
    .map((n): EnvValue =>
      ctx.env[n] === undefined ? { name: n } : { name: n, value: ctx.env[n] },
    );
  const input = { name: source.name, format: format.value, config: parsed.value, fromEnv };
  return { ok: true, value: build(input, opts) };
}
