/**
 * Apps launched from a desktop (Finder, a .desktop file) inherit a minimal PATH, so exec credential
 * plugins (`aws`, `gke-gcloud-auth-plugin`, `kubelogin`) are not found. Ask the user's login shell
 * once for its PATH, the way VS Code's `shell-env` does.
 */
import { execFile } from 'node:child_process';

export type RunShell = (shell: string, args: string[], timeoutMs: number) => Promise<string>;

const runShell: RunShell = (shell, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(shell, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });

const MARK = '__PORTSIDE_PATH__';

export interface LoginShellOptions {
  shell?: string;
  platform?: NodeJS.Platform;
  run?: RunShell;
  timeoutMs?: number;
}

/** PATH of the login shell, or undefined (Windows, no shell, timeout): then process PATH applies. */
export async function loginShellPath(opts: LoginShellOptions = {}): Promise<string | undefined> {
  const platform = opts.platform ?? process.platform;
  const shell = opts.shell ?? process.env.SHELL;
  if (platform === 'win32' || !shell) return undefined;
  try {
    // Markers fence the value off from anything rc files print.
    const out = await (opts.run ?? runShell)(
      shell,
      ['-ilc', `printf '${MARK}%s${MARK}' "$PATH"`],
      opts.timeoutMs ?? 5000,
    );
    const m = new RegExp(`${MARK}(.*?)${MARK}`, 's').exec(out);
    return m?.[1] ? m[1] : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `loginShellPath` at most once and shares the answer. */
export function onceLoginShellPath(
  opts: LoginShellOptions = {},
): () => Promise<string | undefined> {
  let pending: Promise<string | undefined> | undefined;
  return () => (pending ??= loginShellPath(opts));
}
