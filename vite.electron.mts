/**
 * Builds the Electron side: main (ESM, dist-electron/main.js) and preload (CommonJS,
 * dist-electron/preload.cjs). Two environments because they need different formats and
 * different bundling rules; `builder` makes `vite build -c vite.electron.mts` build both.
 *
 * - main runs in Electron's Node: built-ins and 'electron' stay imports, and so do the npm
 *   `dependencies` (electron-builder copies them into the asar; bundling client-node and ws
 *   would inline optional native add-ons and their dynamic requires). Our own sources are bundled.
 * - preload runs sandboxed: it may `require('electron')` and nothing else, so every other
 *   module (zod, the contract) is bundled into the one file.
 */
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const runtimeDeps = Object.keys(pkg.dependencies ?? {});
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

const isRuntimeDep = (id: string): boolean =>
  runtimeDeps.some((dep) => id === dep || id.startsWith(`${dep}/`));
const isMainExternal = (id: string): boolean =>
  id === 'electron' || builtins.has(id) || id.startsWith('node:') || isRuntimeDep(id);

const common = {
  outDir: 'dist-electron',
  minify: false,
  sourcemap: true,
  // Electron 41 ships Chromium 146 / Node 24.
  target: 'node22',
  reportCompressedSize: false,
} as const;

export default defineConfig({
  builder: {
    // Only our two environments; the implicit `client` one has no input here.
    async buildApp(builder) {
      await builder.build(builder.environments.main!);
      await builder.build(builder.environments.preload!);
    },
  },
  environments: {
    main: {
      consumer: 'server',
      build: {
        ...common,
        emptyOutDir: true, // main builds first: start from a clean dist-electron
        ssr: true,
        rolldownOptions: {
          input: { main: 'electron/main/main.ts' },
          external: isMainExternal,
          output: {
            format: 'es',
            entryFileNames: '[name].js',
            chunkFileNames: 'chunks/[name]-[hash].js',
          },
        },
      },
    },
    preload: {
      consumer: 'server',
      resolve: { noExternal: true },
      build: {
        ...common,
        emptyOutDir: false,
        ssr: true,
        rolldownOptions: {
          input: { preload: 'electron/preload/preload.ts' },
          external: ['electron'],
          output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
        },
      },
    },
  },
});
