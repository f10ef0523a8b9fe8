/**
 * `-f/--config-file` for `portside port-forward`: reads the file (or stdin for `-`), finds the git
 * branch for `{{ git_branch }}`, parses it with shared/mirrord-config and expands the kubeconfig
 * path the way mirrord's kube client does: split on `:` first, then `~`, `$VAR` and `${VAR}` in
 * each entry (`shellexpand::full`; its `${VAR:-x}` cannot survive the split, so we skip it).
 */
import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseMirrordConfig, type MirrordConfig } from '../../shared/mirrord-config/index.ts';
import type { ParseResult } from '../../shared/mirrord-syntax/types.ts';
import type { ConfigDefaults } from './port-forward-command.ts';
import { defined, type Env } from './port-forward-options.ts';
import { errorText, PortsideError } from '../../shared/errors.ts';
import { readLimitedFile, readLimitedStream } from './read-limited.ts';

export interface ConfigFileDeps {
  env: Env;
  cwd: string;
  home: string;
  readFile(file: string): Promise<string>;
  readStdin(): Promise<string>;
  /** `git branch --show-current` in cwd; undefined when there is none (not a repo, detached, no git). */
  gitBranch(): Promise<string | undefined>;
}

const err = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** `~` and environment variables in each entry of a `:`-separated kubeconfig list. */
export function expandKubeconfig(value: string, env: Env, home: string): ParseResult<string> {
  const out: string[] = [];
  for (const entry of value.split(path.delimiter)) {
    let missing: string | undefined;
    const tilde = entry === '~' || entry.startsWith('~/') ? home + entry.slice(1) : entry;
    const expanded = tilde.replace(
      /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
      (_, braced: string | undefined, bare: string | undefined) => {
        const name = braced ?? bare ?? '';
        const v = env[name];
        if (v === undefined) missing ??= name;
        return v ?? '';
      },
    );
    if (missing !== undefined) {
      return err(`\`kubeconfig\` ${value}: environment variable \`${missing}\` is not set`);
    }
    out.push(expanded);
  }
  return { ok: true, value: out.join(path.delimiter) };
}

/** Branch for templates: MIRRORD_BRANCH_NAME when set, else git (only asked when the file uses it). */
async function branchFor(text: string, deps: ConfigFileDeps): Promise<string | undefined> {
  const fromEnv = deps.env.MIRRORD_BRANCH_NAME;
  if (fromEnv) return fromEnv;
  return text.includes('git_branch') ? deps.gitBranch() : undefined;
}

function readError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'this is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (e instanceof PortsideError) return e.message;
  return `cannot read the file: ${errorText(e)}`;
}

const INCOMING = 'feature.network.incoming';

/** What the command takes from the file, with the command's own notes. */
function toDefaults(c: MirrordConfig, kubeconfig: string | undefined): ConfigDefaults {
  const warnings = [...c.warnings];
  if (c.incoming.portMapping || c.incoming.ports) {
    warnings.push(
      `\`${INCOMING}.port_mapping\`/\`ports\` are not used by port-forward (as in mirrord): the -R flags say which ports to forward`,
    );
  }
  const { namespace, logLevel, image, ttl, startupTimeout, ephemeral } = c.agent;
  return {
    ...defined({
      target: c.target,
      namespace: c.namespace,
      context: c.context,
      kubeconfig,
      acceptInvalidCertificates: c.acceptInvalidCertificates,
      incomingMode: c.incoming.modeStated ? c.incoming.mode : undefined,
    }),
    agent: defined({ namespace, logLevel, image, ttl, startupTimeout, ephemeral }),
    warnings,
  };
}

/** The `loadConfig` dependency of runPortForward. */
export function createConfigLoader(
  deps: ConfigFileDeps,
): (file: string) => Promise<ParseResult<ConfigDefaults>> {
  return async (file) => {
    let text: string;
    try {
      text =
        file === '-' ? await deps.readStdin() : await deps.readFile(path.resolve(deps.cwd, file));
    } catch (e) {
      return err(readError(e));
    }
    const parsed = parseMirrordConfig(text, file, {
      env: deps.env,
      gitBranch: await branchFor(text, deps),
    });
    if (!parsed.ok) return parsed;
    const kubeconfig = parsed.value.kubeconfig;
    const expanded =
      kubeconfig === undefined ? undefined : expandKubeconfig(kubeconfig, deps.env, deps.home);
    if (expanded && !expanded.ok) return expanded;
    return { ok: true, value: toDefaults(parsed.value, expanded?.value) };
  };
}

/** `git branch --show-current`, as mirrord runs it; any failure means "no branch". */
export function gitBranchIn(cwd: string, git = 'git'): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(git, ['branch', '--show-current'], { cwd, timeout: 5000 }, (error, stdout) => {
      const branch = error ? '' : String(stdout).trim();
      resolve(branch === '' ? undefined : branch);
    });
  });
}

/** The real file system, stdin, home directory and git. */
export function nodeConfigFileDeps(env: Env, cwd = process.cwd()): ConfigFileDeps {
  return {
    env,
    cwd,
    home: env.HOME || homedir(),
    readFile: (file) => readLimitedFile(file),
    readStdin: () => readLimitedStream(process.stdin),
    gitBranch: () => gitBranchIn(cwd),
  };
}
