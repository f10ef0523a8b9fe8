/**
 * `portside import FILE [--json] [--save] [--state-dir DIR]`: the window's drop preview for
 * scripts. Prints what the file would create; `--save` adds the rules, stopped, as a profile in
 * the state folder (all or nothing). Exit code 0 on success, 1 when the file or the save fails,
 * 2 on a usage error.
 */
import path from 'node:path';
import { applyImport, type ImportHost } from '../../shared/mirrord-config/import-apply.ts';
import { sizeProblem } from '../../shared/mirrord-config/import-guard.ts';
import {
  importErrorText,
  previewImport,
  type ImportError,
  type ImportPreview,
} from '../../shared/mirrord-config/import-preview.ts';
import { expandKubeconfig } from './config-file.ts';
import { IMPORT_USAGE, parseImportArgs, type ImportOptions } from './import-args.ts';
import { errorLine, previewLines, previewText } from './import-output.ts';
import type { Env } from './port-forward-options.ts';
import { errorText } from '../../shared/errors.ts';

/** Where `--save` puts the rules: the engine's persisted state, opened for this one command. */
export interface SaveTarget extends ImportHost {
  /** The folder written, for the message. */
  where: string;
  /** Writes pending state and releases the folder. */
  close(): Promise<void>;
}

export interface ImportCommandDeps {
  env: Env;
  cwd: string;
  home: string;
  out(line: string): void;
  err(line: string): void;
  /** Size first, so a huge file is refused without being read. */
  fileSize(file: string): Promise<number>;
  readFile(file: string): Promise<Uint8Array>;
  /** At most `limit` bytes of stdin (more means "too large"). */
  readStdin(limit: number): Promise<Uint8Array>;
  gitBranch(): Promise<string | undefined>;
  openStore(stateDir: string | undefined): Promise<SaveTarget>;
}

type Read = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

function readError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'this is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read the file: ${errorText(e)}`;
}

async function readInput(file: string, deps: ImportCommandDeps): Promise<Read> {
  try {
    if (file === '-') return { ok: true, bytes: await deps.readStdin(1024 * 1024 + 1) };
    const full = path.resolve(deps.cwd, file);
    const tooBig = sizeProblem(await deps.fileSize(full));
    if (tooBig) return { ok: false, error: tooBig };
    return { ok: true, bytes: await deps.readFile(full) };
  } catch (e) {
    return { ok: false, error: readError(e) };
  }
}

/** Reads, templates (env, git branch) and previews the file; kubeconfig expanded as mirrord does. */
async function preview(o: ImportOptions, deps: ImportCommandDeps) {
  // stdin is JSON, as for mirrord's `-f -`; errors call it `-` and its profile is "imported".
  const name = o.file;
  const read = await readInput(o.file, deps);
  if (!read.ok) return fail(name, read.error);
  const wantsBranch = new TextDecoder().decode(read.bytes).includes('git_branch');
  const gitBranch =
    deps.env.MIRRORD_BRANCH_NAME || (wantsBranch ? await deps.gitBranch() : undefined);
  const result = previewImport(
    { name, bytes: read.bytes },
    { env: deps.env, ...(gitBranch ? { gitBranch } : {}) },
  );
  if (!result.ok || result.value.kubeconfig === undefined) return result;
  const expanded = expandKubeconfig(result.value.kubeconfig, deps.env, deps.home);
  if (!expanded.ok) return fail(name, expanded.error);
  const rules = result.value.rules.map((r) => ({ ...r, kubeconfig: expanded.value }));
  return { ok: true as const, value: { ...result.value, kubeconfig: expanded.value, rules } };
}

function fail(file: string, message: string): { ok: false; error: ImportError } {
  return { ok: false, error: { file, message, text: importErrorText({ file, message }) } };
}

async function save(p: ImportPreview, o: ImportOptions, deps: ImportCommandDeps): Promise<number> {
  let store: SaveTarget;
  try {
    store = await deps.openStore(o.stateDir);
  } catch (e) {
    deps.err(`portside import: cannot open the state folder: ${errorText(e)}`);
    return 1;
  }
  try {
    const result = await applyImport(store, p.rules, p.profileName, { start: false });
    if (!result.ok) {
      if (o.json)
        deps.out(
          JSON.stringify({
            type: 'error',
            file: p.file,
            line: null,
            column: null,
            message: result.error,
          }),
        );
      deps.err(`portside import: ${p.file}: ${result.error}`);
      return 1;
    }
    if (o.json)
      deps.out(JSON.stringify({ type: 'saved', profile: result.profile, ruleIds: result.ruleIds }));
    else
      deps.out(
        `\nsaved ${result.ruleIds.length} rule(s), stopped, as profile "${result.profile}" in ${store.where}`,
      );
    return 0;
  } finally {
    await store.close();
  }
}

/** Runs the command with its dependencies; returns the exit code. */
export async function runImport(argv: readonly string[], deps: ImportCommandDeps): Promise<number> {
  const parsed = parseImportArgs(argv);
  if (!parsed.ok) {
    deps.err(`${parsed.error}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const o = parsed.value;
  if (o.help) {
    deps.out(IMPORT_USAGE);
    return 0;
  }
  const result = await preview(o, deps);
  if (!result.ok) {
    if (o.json) deps.out(JSON.stringify(errorLine(result.error)));
    deps.err(`portside import: ${result.error.text}`);
    return 1;
  }
  if (o.json) for (const line of previewLines(result.value)) deps.out(JSON.stringify(line));
  else for (const line of previewText(result.value)) deps.out(line);
  if (!o.save) {
    if (!o.json) deps.out('\nnothing was created (add --save to add these rules as a profile)');
    return 0;
  }
  return save(result.value, o, deps);
}
