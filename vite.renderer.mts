/** Builds renderer/ into dist/renderer for both hosts: Electron (file://) and the browser host. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./renderer/', import.meta.url));

export default defineConfig({
  root,
  // Relative asset URLs so index.html also works when Electron loads it from file://.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    // Everything ships as files: the CSP allows no inline script or style.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
