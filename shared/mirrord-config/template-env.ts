/**
 * The environment variables a config file's templates read (`get_env(name="X")`, MIRRORD_KEY), so
 * a renderer without an environment can ask its host for exactly those and nothing else.
 */

/** Names a host will answer for: shell variable names, bounded. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
export const MAX_ENV_NAMES = 50;

/** `get_env(name="X")` / `get_env(name='X', default=…)` names, plus MIRRORD_KEY and MIRRORD_BRANCH_NAME, which mirrord reads too. */
export function templateEnvNames(text: string): string[] {
  const names = new Set(['MIRRORD_KEY', 'MIRRORD_BRANCH_NAME']);
  for (const m of text.matchAll(/get_env\s*\(\s*name\s*=\s*["'`]([A-Za-z_][A-Za-z0-9_]*)["'`]/g)) {
    if (m[1] !== undefined) names.add(m[1]);
    if (names.size >= MAX_ENV_NAMES) break;
  }
  return [...names];
}

/** The host side: the set variables among `names` (unset ones are left out). */
export function pickEnv(
  env: Readonly<Record<string, string | undefined>>,
  names: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names.slice(0, MAX_ENV_NAMES)) {
    const v = ENV_NAME.test(n) && Object.hasOwn(env, n) ? env[n] : undefined;
    if (v !== undefined) out[n] = v;
  }
  return out;
}
