/**
 * Importing mirrord config files through the browser host's UI against a kube-sim (demo scenario):
 * each format dropped on the window with a DataTransfer → preview → confirm → the rules appear
 * under a profile, and an -L rule added in the preview forwards (real curl). Where pods are network
 * namespaces (root, CI) the imported -R steal is real: a request into pod port 80 reaches this
 * machine; elsewhere that step is skipped with a printed reason.
 */
import { createServer, get, type Server } from 'node:http';
import type { Locator, Page } from '@playwright/test';
import { curl } from './testing/curl.ts';
import { freePort } from './testing/free-port.ts';
import { profileRow } from './testing/gui-page.ts';
import { openUi } from './testing/rules-page.ts';
import { expect, test } from './testing/sim-host.ts';

/** Drops a file with this name and text on the window, as a file manager would. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      // Runs in the page; the e2e tsconfig has no DOM types.
      const { DataTransfer } = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: File): void } };
      };
      const dt = new DataTransfer();
      dt.items.add(new File([text], name));
      return dt;
    },
    { name, text },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer });
  await expect(page.getByTestId('import-overlay')).toBeVisible();
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

/** A local HTTP server answering `text`: where an -R rule delivers. */
function answerOn(port: number, text: string): Promise<Server> {
  const server = createServer((_req, res) => res.end(text));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function httpBody(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', timeout: 20_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 20 s')));
    req.on('error', reject);
  });
}

const ruleBySpec = (page: Page, spec: string): Locator =>
  page
    .getByTestId('rule-row')
    .filter({ has: page.getByTestId('rule-spec').getByText(spec, { exact: true }) });

function config(format: 'json' | 'toml' | 'yaml', local: number): string {
  if (format === 'json')
    return `{"target":{"path":"deployment/py-serv","namespace":"default"},"feature":{"network":{"incoming":{"mode":"steal","port_mapping":[[${local},80]]}}}}`;
  if (format === 'toml')
    return `[target]\npath = "deployment/py-serv"\nnamespace = "default"\n\n[feature.network.incoming]\nmode = "steal"\nport_mapping = [[${local}, 80]]\n`;
  return `target:\n  path: deployment/py-serv\n  namespace: default\nfeature:\n  network:\n    incoming:\n      mode: steal\n      port_mapping: [[${local}, 80]]\n`;
}

for (const format of ['json', 'toml', 'yaml'] as const) {
  test(`drop a .${format} mirrord config: preview, confirm, the rules appear and -L forwards`, async ({
    page,
    simHost,
  }) => {
    await openUi(page, simHost.url);
    const [remoteLocal, lPort] = [await freePort(), await freePort()];
    // Where the imported -R rule delivers. Up before the rules exist: once the steal is active, pod
    // port 80 (also through the -L rule below) answers from here, and nothing may meet a closed port.
    const server = await answerOn(remoteLocal, 'imported -R reached this machine');
    try {
      await dropFile(page, `shop.${format}`, config(format, remoteLocal));

      const dialog = page.getByTestId('import-dialog');
      await expect(dialog.getByTestId('import-target')).toHaveText('deployment/py-serv');
      await expect(dialog.getByTestId('import-namespace')).toHaveText('default');
      await expect(dialog.getByTestId('import-rule')).toHaveText([
        `-R 80:${remoteLocal} · steal · deployment/py-serv:80 → 127.0.0.1:${remoteLocal}`,
      ]);
      await expect(page.getByTestId('rule-row')).toHaveCount(0);

      await dialog.getByLabel('-L rule to add').fill(`${lPort}:localhost:80`);
      await dialog.getByRole('button', { name: 'Add -L' }).click();
      // For a reviewer's look at the preview (PORTSIDE_IMPORT_SCREENSHOT=/tmp/portside-import.png).
      if (process.env.PORTSIDE_IMPORT_SCREENSHOT && format === 'json')
        await page.screenshot({ path: process.env.PORTSIDE_IMPORT_SCREENSHOT, fullPage: true });
      await dialog.getByRole('button', { name: 'Create 2 rules as a profile' }).click();
      await expect(page.getByTestId('import-done')).toContainText(
        'Created profile “shop” with 2 rules',
      );
      await expect(profileRow(page, 'shop')).toBeVisible();

      const local = ruleBySpec(page, `${lPort}:localhost:80`);
      await expect(local.getByTestId('rule-state')).toHaveText('listening');
      const res = await curl(lPort, '/');
      expect(res.status).toBe(200);

      const reverse = ruleBySpec(page, `80:${remoteLocal}`);
      await expect(reverse).toBeVisible();
      await expect(reverse.getByTestId('rule-state')).not.toHaveText('starting');
      const state = await reverse.getByTestId('rule-state').textContent();
      if (state === 'listening') {
        // Steal catches port-forwarded traffic too: the -L rule into pod port 80 reaches this machine.
        expect(await httpBody(lPort)).toBe('imported -R reached this machine');
      } else {
        const why =
          (await reverse
            .getByTestId('rule-reason')
            .textContent()
            .catch(() => null)) ?? state;
        console.log(
          `import.spec: -R request into the pod skipped: the -R rule cannot catch the port here (${why})`,
        );
        test.info().annotations.push({ type: 'skip-step', description: `-R into the pod: ${why}` });
      }
    } finally {
      server.close();
    }
  });
}

test('drop a broken file: the error names file, line and column; nothing is created', async ({
  page,
  simHost,
}) => {
  await openUi(page, simHost.url);
  await dropFile(
    page,
    'mirrord.yaml',
    'target:\n  path: deployment/py-serv\n   namespace: default\n',
  );
  await expect(page.getByTestId('import-error')).toHaveText(
    /^mirrord\.yaml, line 2, column \d+: invalid YAML: /,
  );
  await expect(page.getByRole('button', { name: /as a profile/ })).toHaveCount(0);
  await page.getByTestId('import-dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(0);
  await expect(page.getByTestId('profile-row')).toHaveCount(0);
});

test('Import… with the file dialog: the same preview as a drop', async ({ page, simHost }) => {
  await openUi(page, simHost.url);
  await page.getByTestId('import-file-input').setInputFiles({
    name: 'mirrord.json',
    mimeType: 'application/json',
    buffer: Buffer.from(config('json', 19090)),
  });
  await expect(page.getByTestId('import-dialog').getByTestId('import-rule')).toHaveText([
    '-R 80:19090 · steal · deployment/py-serv:80 → 127.0.0.1:19090',
  ]);
});
