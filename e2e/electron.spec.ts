/**
 * The real Electron app through Playwright's `_electron`. Runs only where the Electron binary is
 * installed (never on the project's offline machines, where ELECTRON_SKIP_BINARY_DOWNLOAD=1):
 * then it skips with the reason printed. Launches the unpackaged build (dist/, dist-electron/);
 * packaged builds disable the node-inspect fuse that `_electron.launch` needs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import {
  eventChannels,
  eventMethodName,
  invokeChannels,
  invokeMethodName,
} from '../shared/contract.ts';
import { freePort } from './testing/free-port.ts';
import { electronFor, launchApp } from './testing/electron-app.ts';

const binary = electronFor('e2e/electron.spec.ts');

test.describe('Electron app', () => {
  test.skip(!binary.path, binary.reason ?? '');

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeEach(async () => {
    userData = await mkdtemp(join(tmpdir(), 'portside-electron-'));
    ({ app, page } = await launchApp(binary.path, userData, join(userData, 'kubeconfig')));
  });

  test.afterEach(async () => {
    await app?.close();
    await rm(userData, { recursive: true, force: true });
  });

  test('starts hardened, reports host electron, and adds a rule through the form', async () => {
    await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
    await expect(page.getByTestId('app-host')).toHaveText('electron');

    // The page sees the contract API and nothing of Node or Electron.
    const surface = await page.evaluate(async () => {
      const w = globalThis as unknown as Record<string, unknown> & {
        portside: Record<string, () => Promise<unknown>>;
      };
      return {
        keys: Object.keys(w.portside).sort(),
        info: await w.portside.appInfo!(),
        node: typeof w.require + typeof w.process + typeof w.module,
      };
    });
    const expected = [
      ...invokeChannels.map(invokeMethodName),
      ...eventChannels.map(eventMethodName),
    ];
    expect(surface.keys).toEqual(expected.sort());
    expect(surface.info).toMatchObject({ host: 'electron' });
    expect(surface.node).toBe('undefinedundefinedundefined');

    const form = page.getByRole('form', { name: 'Add rule' });
    await form.getByLabel('Direction').selectOption('L');
    await form.getByLabel('Spec').fill(`${await freePort()}:my-svc.shop:80`);
    await form.getByLabel('Name', { exact: true }).fill('electron e2e rule');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByTestId('rule-row').filter({ hasText: 'electron e2e rule' })).toHaveCount(
      1,
    );
  });

  test('window.open and navigation away are refused', async () => {
    await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
    const before = page.url();
    const opened = await page.evaluate(
      () =>
        (globalThis as unknown as { open(u: string): unknown }).open('https://example.com/') ===
        null,
    );
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);

    // Our will-navigate guard is registered first, so once this later listener runs the
    // navigation has already been cancelled; then the same document must still be there.
    const seen = app.evaluate(
      ({ BrowserWindow }) =>
        new Promise<string>((resolve) => {
          BrowserWindow.getAllWindows()[0]!.webContents.once('will-navigate', (e) =>
            resolve(e.url),
          );
        }),
    );
    await page.evaluate(() => {
      const g = globalThis as unknown as { marker: number; location: { href: string } };
      g.marker = 42;
      g.location.href = 'https://example.com/';
    });
    expect(await seen).toBe('https://example.com/');
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { marker?: number }).marker))
      .toBe(42);
    expect(page.url()).toBe(before);
  });
});
