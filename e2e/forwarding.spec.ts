/**
 * Rules really forward, driven only through the UI of `portside serve` against a kube-sim running
 * the demo scenario: the test adds, toggles and removes rules as a user would and checks, from the
 * outside, that the local ports carry traffic into the cluster — and that the UI says what happened.
 */
import { freePort } from './testing/free-port.ts';
import {
  addForm,
  addListeningRule,
  connectionRow,
  openUi,
  ruleRow,
  submitRule,
} from './testing/rules-page.ts';
import { expect, PY_SERV, test } from './testing/sim-host.ts';
import { firstLine, holdPort, probe, whoAnswers } from './testing/tcp-probe.ts';

const pyServPod = /^py-serv-[a-z0-9]+-[a-z0-9]+$/;

test('-L to a Service: the request reaches a py-serv pod and its connection is counted exactly', async ({
  page,
  sim,
  simHost,
}) => {
  await openUi(page, simHost.url);
  const port = await freePort();
  const row = await addListeningRule(page, { spec: `${port}:py-serv:80`, name: 'shop web' }, port);
  await expect(row.getByTestId('connections-empty')).toBeVisible();

  const res = await whoAnswers(port);
  expect(res.pod).toMatch(pyServPod);
  expect(sim.readyPods(PY_SERV.namespace, PY_SERV.selector).map((p) => p.metadata.name)).toContain(
    res.pod,
  );

  const conn = connectionRow(row, res.peer);
  await expect(conn).toHaveAttribute('data-state', 'closed');
  await expect(conn.getByTestId('conn-state')).toHaveText('closed');
  await expect(conn.getByTestId('conn-route')).toHaveText(/^service( → .+)?$/);
  await expect(conn.getByTestId('conn-pod')).toHaveText(res.pod);
  // Below 1 KiB the UI prints exact bytes; the tooltip carries them exactly at any size.
  expect(res.sent).toBeLessThan(1024);
  expect(res.received).toBeLessThan(1024);
  await expect(conn.getByTestId('conn-up')).toHaveText(`${res.sent} B`);
  await expect(conn.getByTestId('conn-down')).toHaveText(`${res.received} B`);
  await expect(conn.getByTestId('conn-up')).toHaveAttribute('title', `${res.sent} bytes`);
  await expect(conn.getByTestId('conn-down')).toHaveAttribute('title', `${res.received} bytes`);
  await expect(row.getByTestId('rule-counters')).toHaveText(
    `open 0 · total 1 · failed 0 · ↑ ${res.sent} B · ↓ ${res.received} B`,
  );

  // A few more, for the screenshot a reviewer looks at (PORTSIDE_SCREENSHOT=/tmp/portside-ui.png).
  const more = [await whoAnswers(port), await whoAnswers(port)];
  for (const r of more)
    await expect(connectionRow(row, r.peer)).toHaveAttribute('data-state', 'closed');
  await expect(row.getByTestId('connection-row')).toHaveCount(3);
  if (process.env.PORTSIDE_SCREENSHOT) {
    await page.screenshot({ path: process.env.PORTSIDE_SCREENSHOT, fullPage: true });
  }
});

test('-L localhost:5432 with target statefulset/postgres: the server speaks first', async ({
  page,
  simHost,
}) => {
  await openUi(page, simHost.url);
  const port = await freePort();
  const row = await addListeningRule(
    page,
    { spec: `${port}:localhost:5432`, target: 'statefulset/postgres', name: 'postgres' },
    port,
  );
  expect(await firstLine(port)).toBe('BANNER postgres-0');
  const conn = row.getByTestId('connection-row');
  await expect(conn).toHaveCount(1);
  await expect(conn.getByTestId('conn-route')).toHaveText(/^pod-port( → .+)?$/);
  await expect(conn.getByTestId('conn-pod')).toHaveText('postgres-0');
  await expect(conn.getByTestId('conn-down')).toHaveText(`${'BANNER postgres-0\r\n'.length} B`);
});

test('toggle off closes the port, toggle on forwards again, remove frees it', async ({
  page,
  simHost,
}) => {
  await openUi(page, simHost.url);
  const port = await freePort();
  const name = 'toggled';
  const row = await addListeningRule(page, { spec: `${port}:py-serv:80`, name }, port);
  expect((await whoAnswers(port)).pod).toMatch(pyServPod);

  const enabled = row.getByRole('checkbox', { name: `Enable ${name}` });
  await enabled.uncheck();
  await expect(row.getByTestId('rule-state')).toHaveText('stopped');
  await expect(row.getByTestId('rule-reason')).toHaveText('turned off');
  expect(await probe(port)).toBe('refused');

  await enabled.check();
  await expect(row.getByTestId('rule-state')).toHaveText('listening');
  await expect(row.getByTestId('rule-listen')).toHaveText(`listening on 127.0.0.1:${port}`);
  expect((await whoAnswers(port)).pod).toMatch(pyServPod);

  await row.getByRole('button', { name: `Remove ${name}` }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('rules-empty')).toBeVisible();
  expect(await probe(port)).toBe('refused');
});

test('errors in words: port 0 inline; a busy port fails its rule only, naming a free port', async ({
  page,
  simHost,
}) => {
  await openUi(page, simHost.url);
  await submitRule(page, { spec: '0:py-serv:80', name: 'zero' });
  await expect(addForm(page).getByRole('alert')).toContainText('Port `0` is not allowed');
  await expect(page.getByTestId('rule-row')).toHaveCount(0);

  const port = await freePort();
  const healthy = await addListeningRule(
    page,
    { spec: `${port}:py-serv:80`, name: 'healthy' },
    port,
  );

  const busy = await holdPort();
  try {
    await submitRule(page, { spec: `${busy.port}:py-serv:80`, name: 'clash' });
    await expect(addForm(page).getByRole('alert')).toHaveCount(0);
    const clash = ruleRow(page, 'clash');
    await expect(clash.getByTestId('rule-state')).toHaveText('failed');
    await expect(clash.getByTestId('rule-reason')).toHaveText(
      new RegExp(`^127\\.0\\.0\\.1:${busy.port} is already in use.*; try \\d+$`),
    );
    const suggested = Number(
      /try (\d+)$/.exec((await clash.getByTestId('rule-reason').textContent()) ?? '')?.[1],
    );
    expect(await probe(suggested)).toBe('refused');

    await expect(healthy.getByTestId('rule-state')).toHaveText('listening');
    expect((await whoAnswers(port)).pod).toMatch(pyServPod);
  } finally {
    await busy.close();
  }
});

test('the pod that served the last request is deleted: the next request goes to another pod', async ({
  page,
  sim,
  simHost,
}) => {
  await openUi(page, simHost.url);
  const port = await freePort();
  const row = await addListeningRule(page, { spec: `${port}:py-serv:80`, name: 'follows' }, port);
  const before = await whoAnswers(port);
  await expect(connectionRow(row, before.peer).getByTestId('conn-pod')).toHaveText(before.pod);

  sim.deletePod(PY_SERV.namespace, before.pod);
  // No user action and no waiting: the very next connection is resolved afresh. Several in a row,
  // so a rule that kept using the deleted pod cannot pass by luck (2 pods: 1 in 32).
  const after = [];
  for (let i = 0; i < 5; i++) after.push(await whoAnswers(port));
  for (const r of after) {
    expect(r.pod).toMatch(pyServPod);
    expect(r.pod).not.toBe(before.pod);
    await expect(connectionRow(row, r.peer).getByTestId('conn-pod')).toHaveText(r.pod);
  }
  await expect(row.getByTestId('rule-state')).toHaveText('listening');
});
