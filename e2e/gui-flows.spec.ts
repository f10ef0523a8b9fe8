/**
 * The desktop flows of issue 9 through the browser host against kube-sim, as a new user would do
 * them: pickers, edit, paste, profiles, restart with the same state folder, a corrupt state file,
 * a context added to the kubeconfig. Screenshots of the main views land in e2e/screenshots/.
 */
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse, stringify } from 'yaml';
import { curl } from './testing/curl.ts';
import { freePort } from './testing/free-port.ts';
import { editSpec, pickPort, profileRow, specField } from './testing/gui-page.ts';
import { addForm, connectionRow, openUi, ruleRow } from './testing/rules-page.ts';
import { startServe, type ServeProcess } from './testing/serve-process.ts';
import { expect, test } from './testing/sim-host.ts';
import { probe, whoAnswers } from './testing/tcp-probe.ts';

const SIM_CONTEXT = 'portside-sim';
const shots = join(import.meta.dirname, 'screenshots');

/** Light and dark screenshots of what the page shows now. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(shots, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'portside-gui-e2e-'));
}

test('pickers → forward port 80 of deployment/py-serv → curl: the row counts curl’s bytes; then edit its local port, remove and undo', async ({
  page,
  simHost,
}) => {
  await openUi(page, simHost.url);
  await pickPort(page, {
    context: SIM_CONTEXT,
    namespace: 'default',
    search: 'py-serv',
    target: 'deployment/py-serv',
    port: 80,
  });
  const form = addForm(page);
  // Port 80 needs root on a user's machine: the form says which local port it chose, before saving.
  await expect(specField(form)).toHaveValue('8080:localhost:80');
  await expect(form.getByTestId('preview-note')).toHaveText(
    'Local port 8080: port 80 needs admin rights on this machine.',
  );
  await expect(form.getByTestId('preview-rule')).toHaveText(
    `-L 127.0.0.1:8080 → localhost:80 · deployment py-serv in default (${SIM_CONTEXT})`,
  );
  await screenshots(page, 'editor-pickers');
  // 8080 may be busy on a shared machine; a user told so changes it the same way.
  const port = await freePort();
  await specField(form).fill(`${port}:localhost:80`);
  await form.getByLabel('Name', { exact: true }).fill('py web');
  await form.getByRole('button', { name: 'Add rule' }).click();
  const row = ruleRow(page, 'py web');
  await expect(row.getByTestId('rule-listen')).toHaveText(`listening on 127.0.0.1:${port}`);
  await expect(row.getByTestId('rule-target')).toHaveText(
    `${SIM_CONTEXT} / default / deployment/py-serv`,
  );
  await expect(row.getByTestId('rule-route')).toHaveText('route: pod-port');

  const res = await curl(port, '/bytes?n=1000000');
  expect(res.status).toBe(200);
  const conn = connectionRow(row, res.peer);
  await expect(conn).toHaveAttribute('data-state', 'closed');
  await expect(conn.getByTestId('conn-route')).toHaveText(/^pod-port/);
  await expect(conn.getByTestId('conn-up')).toHaveAttribute('title', `${res.sent} bytes`);
  await expect(conn.getByTestId('conn-down')).toHaveAttribute('title', `${res.received} bytes`);
  await expect(row.getByTestId('throughput-chart').locator('canvas')).toHaveCount(1);
  // Once traffic stops the live rate falls back to zero (it is a rate, not a last value).
  await expect(row.getByTestId('rule-rate')).toHaveText('↑ 0 B/s ↓ 0 B/s');
  await screenshots(page, 'rules-connections');

  const next = await freePort();
  await editSpec(page, 'py web', `${next}:localhost:80`, next);
  expect(await probe(port)).toBe('refused');
  expect((await whoAnswers(next)).pod).toMatch(/^py-serv-/);

  await row.getByRole('button', { name: 'Remove py web' }).click();
  await expect(page.getByTestId('rules-empty')).toBeVisible();
  expect(await probe(next)).toBe('refused');
  await page.getByTestId('undo-bar').getByRole('button', { name: 'Undo' }).click();
  await expect(ruleRow(page, 'py web').getByTestId('rule-state')).toHaveText('listening');
  expect((await whoAnswers(next)).pod).toMatch(/^py-serv-/);
});

test('paste a mirrord command line: the preview shows two rules, both saved; a profile of them starts and stops together', async ({
  page,
  simHost,
}) => {
  await openUi(page, simHost.url);
  const [a, b] = [await freePort(), await freePort()];
  const form = addForm(page);
  await specField(form).fill(
    `mirrord port-forward -t deployment/py-serv -L ${a}:localhost:80 -L ${b}:py-serv:80`,
  );
  await expect(form.getByTestId('preview-rule')).toHaveText([
    `-L 127.0.0.1:${a} → localhost:80 · deployment py-serv`,
    `-L 127.0.0.1:${b} → py-serv:80 · deployment py-serv`,
  ]);
  await screenshots(page, 'editor-paste');
  await form.getByRole('button', { name: 'Add 2 rules' }).click();
  const names = [
    `-L ${a}:localhost:80 → deployment/py-serv`,
    `-L ${b}:py-serv:80 → deployment/py-serv`,
  ];
  const [local, viaAgent] = names as [string, string];
  await expect(ruleRow(page, local).getByTestId('rule-state')).toHaveText('listening');
  expect((await whoAnswers(a)).pod).toMatch(/^py-serv-/);
  await expectAgentRule(page, viaAgent, b);

  for (const name of names) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
  await page.getByLabel('Profile name').fill('shop-dev');
  await page.getByRole('button', { name: 'Save selection as profile' }).click();
  const profile = profileRow(page, 'shop-dev');
  await expect(profile.getByTestId('profile-state')).toHaveText('running');

  await page.getByRole('button', { name: 'Stop profile shop-dev' }).click();
  for (const name of names)
    await expect(ruleRow(page, name).getByTestId('rule-state')).toHaveText('stopped');
  await expect(profile.getByTestId('profile-state')).toHaveText('stopped');
  expect([await probe(a), await probe(b)]).toEqual(['refused', 'refused']);

  await page.getByRole('button', { name: 'Start profile shop-dev' }).click();
  await expect(ruleRow(page, local).getByTestId('rule-state')).toHaveText('listening');
  await expect(profile.getByTestId('profile-state')).toHaveText('running');
  expect((await whoAnswers(a)).pod).toMatch(/^py-serv-/);
  await expectAgentRule(page, viaAgent, b);
});

/**
 * `-L port:py-serv:80` from a target's pod resolves `py-serv` inside the pod's network, which only
 * the in-cluster agent can do (agent route, its own issue). Where the agent runs the rule must
 * answer; where it cannot, the rule must say why in words instead of pretending to work.
 */
async function expectAgentRule(page: Page, name: string, port: number): Promise<void> {
  const row = ruleRow(page, name);
  await expect(row.getByTestId('rule-route')).toHaveText('route: agent');
  const state = row.getByTestId('rule-state');
  await expect(state).toHaveText(/^(listening|degraded|failed)$/);
  if ((await state.textContent()) === 'listening') {
    expect((await whoAnswers(port)).pod).toMatch(/^py-serv-/);
    return;
  }
  await expect(row.getByTestId('rule-reason')).not.toBeEmpty();
  console.log(
    `agent route unavailable here: ${await row.getByTestId('rule-reason').textContent()}`,
  );
}

test('restart the host on the same state folder: rules and profile are back, the running one answers', async ({
  page,
  sim,
}) => {
  const stateDir = await tempDir();
  const args = ['--kubeconfig', sim.kubeconfigPath, '--state-dir', stateDir];
  let host: ServeProcess | undefined = await startServe(args);
  try {
    await openUi(page, host.url);
    const [on, off] = [await freePort(), await freePort()];
    const form = addForm(page);
    for (const [name, port] of [
      ['kept on', on],
      ['kept off', off],
    ] as const) {
      await specField(form).fill(`${port}:py-serv:80`);
      await form.getByLabel('Name', { exact: true }).fill(name);
      await form.getByRole('button', { name: 'Add rule' }).click();
      await expect(ruleRow(page, name).getByTestId('rule-state')).toHaveText('listening');
    }
    await ruleRow(page, 'kept off').getByRole('checkbox', { name: 'Enable kept off' }).uncheck();
    await expect(ruleRow(page, 'kept off').getByTestId('rule-state')).toHaveText('stopped');
    await page.getByRole('checkbox', { name: 'Select kept on' }).check();
    await page.getByLabel('Profile name').fill('pair');
    await page.getByRole('button', { name: 'Save selection as profile' }).click();
    await expect(profileRow(page, 'pair')).toHaveCount(1);

    await host.stop();
    host = undefined;
    expect(await probe(on)).toBe('refused');
    host = await startServe(args);
    await openUi(page, host.url);
    await expect(ruleRow(page, 'kept on').getByTestId('rule-state')).toHaveText('listening');
    await expect(ruleRow(page, 'kept off').getByTestId('rule-state')).toHaveText('stopped');
    await expect(profileRow(page, 'pair')).toHaveCount(1);
    expect((await whoAnswers(on)).pod).toMatch(/^py-serv-/);
    expect(await probe(off)).toBe('refused');
  } finally {
    await host?.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
});

test('a corrupt state file: the app starts, says so, and keeps the file beside', async ({
  page,
  sim,
}) => {
  const stateDir = await tempDir();
  const garbage = '{ "version": 2, "rules": [ this is not json';
  await writeFile(join(stateDir, 'state.json'), garbage);
  const host = await startServe(['--kubeconfig', sim.kubeconfigPath, '--state-dir', stateDir]);
  try {
    await openUi(page, host.url);
    const notice = page.getByTestId('notice');
    await expect(notice).toContainText('Saved rules could not be read');
    await expect(page.getByTestId('rules-empty')).toBeVisible();
    await screenshots(page, 'notice-corrupt-state');
    const kept = (await readdir(stateDir)).filter((f) => f !== 'state.json');
    expect(kept).toHaveLength(1);
    expect(await readFile(join(stateDir, kept[0] ?? ''), 'utf8')).toBe(garbage);
    await expect(notice).toContainText(kept[0] ?? '');
    await notice.getByRole('button', { name: 'Dismiss notice' }).click();
    await expect(page.getByTestId('notice')).toHaveCount(0);
  } finally {
    await host.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
});

test('a context added to the kubeconfig file appears in the picker without a restart', async ({
  page,
  sim,
}) => {
  const dir = await tempDir();
  const kubeconfig = join(dir, 'kubeconfig');
  const config = parse(await readFile(sim.kubeconfigPath, 'utf8')) as {
    contexts: { name: string; context: Record<string, string> }[];
  };
  await writeFile(kubeconfig, stringify(config));
  const host = await startServe(['--kubeconfig', kubeconfig, '--state-dir', join(dir, 'state')]);
  try {
    await openUi(page, host.url);
    const context = addForm(page).getByLabel('Context', { exact: true });
    await expect(context.getByRole('option', { name: SIM_CONTEXT, exact: true })).toHaveCount(1);
    await expect(context.getByRole('option', { name: 'e2e-added' })).toHaveCount(0);
    const base = config.contexts[0]?.context ?? {};
    config.contexts.push({ name: 'e2e-added', context: { ...base, namespace: 'kube-system' } });
    // Written as editors and `kubectl config` do: a new file renamed over the old one.
    await writeFile(`${kubeconfig}.tmp`, stringify(config));
    await rename(`${kubeconfig}.tmp`, kubeconfig);
    await expect(context.getByRole('option', { name: 'e2e-added', exact: true })).toHaveCount(1);
  } finally {
    await host.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

test('hundreds of live connections: counted open, only a screenful of rows in the DOM, the oldest reached by scrolling', async ({
  page,
  simHost,
}) => {
  const COUNT = 200;
  await openUi(page, simHost.url);
  const port = await freePort();
  const form = addForm(page);
  await specField(form).fill(`${port}:py-serv:80`);
  await form.getByLabel('Name', { exact: true }).fill('many');
  await form.getByRole('button', { name: 'Add rule' }).click();
  const row = ruleRow(page, 'many');
  await expect(row.getByTestId('rule-state')).toHaveText('listening');
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < COUNT; i++) sockets.push(await openSocket(port));
    await expect(row.getByTestId('rule-counters')).toContainText(`open ${COUNT} · total ${COUNT}`);
    await expect(row.getByTestId('connections-count')).toHaveText(`${COUNT} kept (newest first)`);
    expect(await row.getByTestId('connection-row').count()).toBeLessThan(40);
    const oldest = `127.0.0.1:${sockets[0]?.localPort}`;
    await expect(connectionRow(row, oldest)).toHaveCount(0);
    await row
      .getByTestId('connections-viewport')
      .evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(connectionRow(row, oldest)).toHaveCount(1);
    await screenshots(page, 'many-connections');
  } finally {
    for (const s of sockets) s.destroy();
  }
  await expect(row.getByTestId('rule-counters')).toContainText(`open 0 · total ${COUNT}`);
});

/** A plain TCP connection through the forward, held open until the test destroys it. */
function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}
