/**
 * The two ways bin/portside runs the CLI: from the bundle `npm run build` writes (what ships) and
 * from the TypeScript sources (the dev fallback). Process tests run against both, so the bundle
 * is what is tested; without a fresh bundle that variant is skipped with the reason printed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../bin/portside', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../../dist-cli/portside.mjs', import.meta.url));

export interface CliVariant {
  name: 'bundle' | 'sources';
  env: NodeJS.ProcessEnv;
  /** Why this variant cannot run here, or undefined. */
  unavailable?: string;
}

/** Whether bin/portside would fall back to the sources (it says why on stderr, then runs --help). */
function bundleProblem(): string | undefined {
  if (!existsSync(BUNDLE)) return 'dist-cli/portside.mjs is missing (npm run build)';
  const out = execFileSync('bash', ['-c', `"${BIN}" --help 2>&1 >/dev/null || true`], {
    env: { ...process.env, PORTSIDE_CLI: '' },
    encoding: 'utf8',
  });
  return out.includes('running from sources') ? out.trim() : undefined;
}

export function cliVariants(): CliVariant[] {
  const problem = bundleProblem();
  if (problem) console.log(`bundle variant of the CLI process tests skipped: ${problem}`);
  return [
    { name: 'sources', env: { ...process.env, PORTSIDE_CLI: 'sources' } },
    {
      name: 'bundle',
      env: { ...process.env, PORTSIDE_CLI: 'bundle' },
      ...(problem ? { unavailable: problem } : {}),
    },
  ];
}
