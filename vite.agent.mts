/**
 * Builds the in-cluster agent (agent/src/main.ts) into ONE CommonJS file that uses node core
 * only, minified so the engine can pass it as a container command (`node -e …`).
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

export default defineConfig({
  build: {
    outDir: 'dist-agent',
    emptyOutDir: true,
    ssr: true,
    minify: true,
    target: 'node18',
    reportCompressedSize: false,
    rolldownOptions: {
      input: { 'portside-agent': 'agent/src/main.ts' },
      external: (id) => builtins.has(id),
      output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
    },
  },
});
