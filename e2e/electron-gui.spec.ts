/**
 * The GUI flows of gui-flows.spec.ts in the real Electron app (`_electron`), against kube-sim:
 * pickers → forward → curl with exact bytes, paste preview, and a restart on the same user-data
 * folder. Runs only where the Electron binary and the build exist; else skips, reason printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { curl } from './testing/curl.ts';
import { freePort } from './testing/free-port.ts';
import { pickPort, specField } from './testing/gui-page.ts';
import { addForm, connectionRow, ruleRow } from './testing/rules-page.ts';
import { expect, test } from './testing/sim-host.ts';
import { whoAnswers } from './testing/tcp-probe.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary(): { path?: string; reason?: string } {
  const pathTxt = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathTxt))
    return { reason: 'Electron binary absent (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)' };
  const path = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathTxt, 'utf8').trim());
  if (!existsSync(path)) return { reason: `Electron binary absent: ${path} does not exist` };
  for (const built of ['dist/renderer/index.html', 'dist-electron/main.js']) {
    if (!existsSync(join(root, built)))
      return { reason: `Electron app not built: ${built} missing (npm run build)` };
  }
  return { path };
}

const binary = electronBinary();
if (binary.reason) console.warn(`e2e/electron-gui.spec.ts skipped: ${binary.reason}`);

async function launch(userData: string, kubeconfig: string): Promise<[ElectronApplication, Page]> {
  const app = await _electron.launch({
    executablePath: binary.path,
    args: [root],
    env: { ...process.env, PORTSIDE_USER_DATA_DIR: userData, KUBECONFIG: kubeconfig },
  });
  const page = await app.firstWindow();
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
