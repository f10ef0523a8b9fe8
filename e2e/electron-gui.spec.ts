/**
 * The GUI flows of gui-flows.spec.ts in the real Electron app (`_electron`), against kube-sim:
 * pickers → forward → curl with exact bytes, paste preview, and a restart on the same user-data
 * folder. Runs only where the Electron binary and the build exist; else skips, reason printed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication, Page } from '@playwright/test';
import { curl } from './testing/curl.ts';
import { freePort } from './testing/free-port.ts';
import { pickPort, specField } from './testing/gui-page.ts';
import { addForm, connectionRow, ruleRow } from './testing/rules-page.ts';
import { expect, test } from './testing/sim-host.ts';
import { whoAnswers } from './testing/tcp-probe.ts';
import { electronFor, launchApp } from './testing/electron-app.ts';

const binary = electronFor('e2e/electron-gui.spec.ts');

async function launch(userData: string, kubeconfig: string): Promise<[ElectronApplication, Page]> {
  const { app, page } = await launchApp(binary.path, userData, kubeconfig);
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible({ timeout: 20_000 });
  return [app, page];
}

test.describe('Electron GUI flows', () => {
  test.skip(!binary.path, binary.reason ?? '');

  test('pickers → forward → curl, paste preview, and the rule is back after a restart', async ({
    sim,
  }) => {
    const userData = await mkdtemp(join(tmpdir(), 'portside-electron-gui-'));
    let app: ElectronApplication | undefined;
    try {
      let page: Page;
      [app, page] = await launch(userData, sim.kubeconfigPath);
      await pickPort(page, {
        context: 'portside-sim',
        namespace: 'default',
        search: 'py-serv',
        target: 'deployment/py-serv',
        port: 80,
      });
      const form = addForm(page);
      await expect(specField(form)).toHaveValue('8080:localhost:80');
      const port = await freePort();
      await specField(form).fill(`${port}:localhost:80`);
      await form.getByLabel('Name', { exact: true }).fill('py web');
      await form.getByRole('button', { name: 'Add rule' }).click();
      const res = await curl(port, '/bytes?n=100000');
      const conn = connectionRow(ruleRow(page, 'py web'), res.peer);
      await expect(conn.getByTestId('conn-down')).toHaveAttribute('title', `${res.received} bytes`);

      await specField(form).fill('kubectl port-forward svc/py-serv 1:80 2:80');
      await expect(form.getByTestId('preview-rule')).toHaveCount(2);
      await specField(form).fill('');

      await app.close();
      [app, page] = await launch(userData, sim.kubeconfigPath);
      await expect(ruleRow(page, 'py web').getByTestId('rule-state')).toHaveText('listening');
      expect((await whoAnswers(port)).pod).toMatch(/^py-serv-/);
    } finally {
      await app?.close();
      await rm(userData, { recursive: true, force: true });
    }
  });
});
