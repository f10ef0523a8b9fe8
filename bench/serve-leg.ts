/**
 * The engine inside the `serve` host with a browser attached: the UI path as a contender. Rules
 * are added through the page (as a user would), the page stays open and receives the counters
 * and connection deltas while the scenarios run. CPU and RSS are the serve process's (the
 * browser's own cost is not counted: it is the same for any engine).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_PORTS, BIN, POD, type AppName } from './cluster.ts';
import { freePort, type Leg, type Ports } from './forwarders.ts';
import { startChild, waitForOutput, type Child } from './procs.ts';

const APPS = Object.keys(APP_PORTS) as AppName[];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function addRule(page: Page, app: AppName, port: number): Promise<void> {
  const form = page.getByRole('form', { name: 'Add rule' });
  await form.getByLabel('Direction').selectOption('L');
  await form.getByLabel('Spec').fill(`${port}:localhost:${APP_PORTS[app]}`);
  await form.getByLabel('Target').fill(`pod/${POD}`);
  await form.getByLabel('Namespace').fill('');
  await form.getByLabel('Name', { exact: true }).fill(`bench ${app}`);
  await form.getByRole('button', { name: 'Add rule' }).click();
  const row = page
    .getByTestId('rule-row')
    .filter({ has: page.getByTestId('rule-name').getByText(`bench ${app}`, { exact: true }) });
  await row.getByTestId('rule-state').getByText('listening', { exact: true }).waitFor();
}

/** `bin/portside serve` + Chromium on its page, the four bench rules added through the UI. */
export const serveLeg: Leg = {
  id: 'serve-ui',
  label: 'Portside serve + browser',
  async start(kubeconfig, scratch) {
    const home = join(scratch, 'serve-home');
    await mkdir(home, { recursive: true });
    const t0 = performance.now();
    const child = startChild(
      'portside serve',
      BIN,
      ['serve', '--port', '0', '--no-open', '--kubeconfig', kubeconfig],
      { env: { HOME: home, XDG_CONFIG_HOME: join(home, 'config') } },
    );
    const url = await waitForOutput(child, (out) => /Portside UI: (\S+)/.exec(out)?.[1], 30_000);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM });
      const page = await browser.newPage();
      await page.goto(url);
      await page.locator('[data-app-ready="true"]').waitFor({ timeout: 30_000 });
      const ports = {} as Record<AppName, number>;
      for (const app of APPS) {
        ports[app] = await freePort();
        await addRule(page, app, ports[app]);
      }
      const b = browser;
      return {
        ports: ports as Ports,
        child: withBrowser(child, b),
        startupMs: performance.now() - t0,
        transport: () => 'engine in `serve`, UI attached over its WebSocket',
      };
    } catch (err) {
      await browser?.close();
      await child.stop();
      throw err;
    }
  },
};

/** The serve process, whose stop also closes the browser. */
function withBrowser(child: Child, browser: Browser): Child {
  return {
    ...child,
    alive: () => child.alive(),
    async stop() {
      await browser.close().catch(() => undefined);
      await child.stop();
    },
  };
}
