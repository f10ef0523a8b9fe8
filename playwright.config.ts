import { defineConfig } from '@playwright/test';

/** e2e: the browser host in Debian's Chromium (always) and Electron (where the binary exists). */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  // States, not sleeps: a generous deadline only matters on a loaded machine (the engine loads
  // @kubernetes/client-node after the host prints its URL, which can take seconds on 2 busy cores).
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
