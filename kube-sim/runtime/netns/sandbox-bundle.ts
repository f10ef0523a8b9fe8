/**
 * How a sandbox process is started. Under the tsx loader every sandbox spends ~1 s compiling and
 * loading TypeScript; bundled once per run into a single ESM file (esbuild, which tsx itself uses
 * and ships), it is ready in ~0.2 s, so a scenario's pods come up in parallel quickly. Without
 * esbuild it falls back to the tsx loader.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const TSX_LOADER = new URL('../../../node_modules/tsx/dist/esm/index.mjs', import.meta.url).href;
const SANDBOX_MAIN = fileURLToPath(new URL('../../sandbox/main.ts', import.meta.url));

// CommonJS dependencies (dns-packet) call require() for node built-ins; ESM output needs one.
const REQUIRE_SHIM =
  "import { createRequire as __pssRequire } from 'node:module'; const require = __pssRequire(import.meta.url);";

/** The node arguments that run the sandbox via the tsx loader (no build step). */
export const TSX_SANDBOX_ARGS = ['--no-warnings', '--import', TSX_LOADER, SANDBOX_MAIN];

/** Bundles the sandbox into `stateDir`; resolves with the node arguments that run it. */
export async function prepareSandboxArgs(stateDir: string): Promise<string[]> {
  let build: typeof import('esbuild').build;
  try {
    ({ build } = await import('esbuild'));
  } catch {
    return TSX_SANDBOX_ARGS;
  }
  const outfile = join(stateDir, 'sandbox.mjs');
  const built = build({
    entryPoints: [SANDBOX_MAIN],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    banner: { js: REQUIRE_SHIM },
    logLevel: 'silent',
  });
  return built.then(
    () => [outfile],
    () => TSX_SANDBOX_ARGS,
  );
}
