/** The browser host in Chromium: the UI round trip, the access checks, and the CLI's URL line. */
import { createServer, type Server } from 'node:http';
import { expect, test } from './testing/web-host.ts';
import { freePort } from './testing/free-port.ts';
import { rawGet, upgradeStatus } from './testing/raw-http.ts';
import { startServe, URL_LINE } from './testing/serve-process.ts';

test('add a rule through the form; it survives a reload (same engine process)', async ({
  page,
  webHost,
}) => {
  // CSP violations and script errors surface here; the page must run without any.
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(webHost.url);
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('app-host')).toHaveText('web');
  // The token left the address bar; the HttpOnly cookie carries the session from now on.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  await expect(page.getByTestId('rules-empty')).toBeVisible();

  const form = page.getByRole('form', { name: 'Add rule' });
  await form.getByLabel('Direction').selectOption('L');
  await form.getByLabel('Spec').fill(`${await freePort()}:my-svc.shop:80`);
  await form.getByLabel('Name', { exact: true }).fill('e2e shop api');
  await form.getByRole('button', { name: 'Add rule' }).click();

  const row = page.getByTestId('rule-row').filter({ hasText: 'e2e shop api' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('rule-spec')).toContainText(':my-svc.shop:80');

  await page.reload();
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('rule-row').filter({ hasText: 'e2e shop api' })).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('the add form shows the engine’s rejection inline', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
  const form = page.getByRole('form', { name: 'Add rule' });
  await form.getByLabel('Direction').selectOption('R');
  await form.getByLabel('Spec').fill('9090:3000');
  await form.getByRole('button', { name: 'Add rule' }).click();
  await expect(form.getByRole('alert')).toContainText('-R needs a target');
  await expect(page.getByTestId('rule-row')).toHaveCount(0);
});

test('the UI says so when the host goes away', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await expect(page.locator('[data-app-ready="true"]')).toBeVisible();
  await expect(page.getByTestId('link-status')).toHaveText('connected');
  expect(await webHost.stop('SIGTERM')).toBe(0);
  await expect(page.getByRole('alert')).toHaveText(
    'Lost the connection to Portside. Reconnecting…',
  );
  await expect(page.getByTestId('link-status')).toHaveText('reconnecting…');
});

test('401 without the token; 403 for a foreign Origin or Host', async ({ webHost }) => {
  const { port, token, origin } = webHost;
  expect(await rawGet(port, '/')).toBe(401);
  expect(await rawGet(port, '/?token=wrong')).toBe(401);
  expect(await rawGet(port, `/?token=${token}`)).toBe(200);
  expect(await rawGet(port, `/?token=${token}`, { origin: 'http://evil.example' })).toBe(403);
  expect(await rawGet(port, `/?token=${token}`, { host: `evil.example:${port}` })).toBe(403);

  expect(await upgradeStatus(port, '')).toBe(401);
  expect(await upgradeStatus(port, `?token=${token}`, { origin })).toBe(101);
  expect(await upgradeStatus(port, `?token=${token}`, { origin: 'http://evil.example' })).toBe(403);
  expect(await upgradeStatus(port, `?token=${token}`, { host: `evil.example:${port}` })).toBe(403);
});

test('a page from another origin cannot open the socket, even knowing the token', async ({
  page,
  webHost,
}) => {
  const other: Server = createServer((_req, res) =>
    res.end('<!doctype html><title>elsewhere</title>'),
  );
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const addr = other.address();
    await page.goto(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`);
    const outcome = await page.evaluate(
      (wsUrl) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(wsUrl);
          ws.onopen = () => resolve('open');
          ws.onclose = (ev) => resolve(`closed ${ev.code}`);
        }),
      `ws://127.0.0.1:${webHost.port}/ws?token=${webHost.token}`,
    );
    expect(outcome).toBe('closed 1006');
  } finally {
    await new Promise((resolve) => other.close(resolve));
  }
});

test('`portside serve --port 0` prints its URL line within 5 s and stops cleanly on SIGINT', async () => {
  const serve = await startServe();
  try {
    expect(serve.line).toMatch(URL_LINE);
    expect(
      serve
        .output()
        .split('\n')
        .filter((l) => l.startsWith('Portside UI:')),
    ).toHaveLength(1);
    console.log(`portside serve: URL line after ${Math.round(serve.startupMs)} ms`);
    expect(serve.startupMs).toBeLessThan(5000);
    expect(await rawGet(serve.port, `/?token=${serve.token}`)).toBe(200);
  } finally {
    expect(await serve.stop('SIGINT')).toBe(0);
  }
});
