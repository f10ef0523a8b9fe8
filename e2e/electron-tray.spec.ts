/**
 * Tray and drag-and-drop import in the real Electron app (`_electron`). Runs only where the
 * Electron binary is installed; elsewhere it skips with the reason printed (as electron.spec.ts).
 * The tray menu itself is unit-tested as a model (electron/main/tray-model.test.ts): Electron has
 * no API to read another module's Tray, so here the app is checked from the outside.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronFor, launchApp } from './testing/electron-app.ts';

const binary = electronFor('e2e/electron-tray.spec.ts');

const PY_SERV =
  '{"target":{"path":"deployment/py-serv","namespace":"default"},"feature":{"network":{"incoming":{"mode":"steal","port_mapping":[[19090,80]]}}}}';

test.describe('Electron tray and drop', () => {
  test.skip(!binary.path, binary.reason ?? '');
  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeEach(async () => {
    userData = await mkdtemp(join(tmpdir(), 'portside-tray-'));
    ({ app, page } = await launchApp(binary.path, userData, join(userData, 'kubeconfig')));
    await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
  });

  test.afterEach(async () => {
    await app?.close();
    await rm(userData, { recursive: true, force: true });
  });

  test('dropping the Done-when mirrord.json previews one -R 80 → 19090 and creates it under a profile', async () => {
    const dataTransfer = await page.evaluateHandle((text) => {
      const { DataTransfer } = globalThis as unknown as {
        DataTransfer: new () => { items: { add(f: File): void } };
      };
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'mirrord.json'));
      return dt;
    }, PY_SERV);
    await page.dispatchEvent('main', 'drop', { dataTransfer });
    const dialog = page.getByTestId('import-dialog');
    await expect(dialog.getByTestId('import-rule')).toHaveText([
      '-R 80:19090 · steal · deployment/py-serv:80 → 127.0.0.1:19090',
    ]);
    await dialog.getByRole('checkbox', { name: /Start the rules now/ }).uncheck();
    await dialog.getByRole('button', { name: 'Create 1 rule as a profile' }).click();
    await expect(page.getByTestId('profile-row')).toHaveCount(1);
    await expect(page.getByTestId('rule-row')).toHaveCount(1);
  });

  test('closing the window keeps Portside running in the tray', async () => {
    await page.close();
    await expect.poll(() => app.windows().length).toBe(0);
    expect(await app.evaluate(({ app: electronApp }) => electronApp.isReady())).toBe(true);
  });
});
