/**
 * Builds `bin/portside` (CLI and `serve` host) into dist-cli/ so it starts without transpiling
 * TypeScript or resolving hundreds of modules at run time. Everything is bundled, npm packages
 * included: the tree-shaken client-node alone loads several times faster than the package does.
 * Each command stays its own chunk (dynamic imports in electron/cli/main.ts), so `--help` loads
 * almost nothing.
 *
 * Left external: Node built-ins, and optional native add-ons that packages probe for with
 * try/require (ws's bufferutil and utf-8-validate) — absent here, and the probes stay probes.
 */
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const OPTIONAL_NATIVE = new Set(['bufferutil', 'utf-8-validate']);

/**
 * kube-sim is a development tool (test cluster, bench, demo from a checkout) and reads its data
 * files and TypeScript runtime next to its sources: bin/portside runs `sim` from the sources, and
 * the bundle carries a stub that says so instead of a broken copy.
 */
const SIM_STUB = '\0portside-sim-stub';
const simFromSources: Plugin = {
  name: 'portside-sim-from-sources',
  enforce: 'pre',
  resolveId: (id) => (id.endsWith('kube-sim/cli.ts') ? SIM_STUB : undefined),
  load: (id) =>
    id === SIM_STUB
      ? `export const main = async () => { console.error('portside: sim runs from the sources: bin/portside sim'); return 1; };`
      : undefined,
};

export default defineConfig({
  // The CLI bundle needs no public dir or HTML entry.
  publicDir: false,
  plugins: [simFromSources],
  resolve: { noExternal: true },
  build: {
    outDir: 'dist-cli',
    emptyOutDir: true,
    ssr: true,
    minify: false,
    sourcemap: true,
    target: 'node20',
    reportCompressedSize: false,
    rolldownOptions: {
      input: { portside: 'electron/cli/main.ts' },
      external: (id) => builtins.has(id) || id.startsWith('node:') || OPTIONAL_NATIVE.has(id),
      output: {
        format: 'es',
        entryFileNames: '[name].mjs',
        chunkFileNames: 'chunks/[name]-[hash].mjs',
      },
    },
  },
});
