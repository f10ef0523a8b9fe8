import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../api-context.tsx';
import { resetStore, useStore } from '../store/index.ts';
import { createFakeApi, type FakeApi } from '../testing/fake-api.ts';
import { ImportExportBar } from './import-export-bar.tsx';

const PY_SERV =
  '{"target":{"path":"deployment/py-serv","namespace":"default"},"feature":{"network":{"incoming":{"mode":"steal","port_mapping":[[19090,80]]}}}}';

let fake: FakeApi;

beforeEach(() => {
  resetStore();
  fake = createFakeApi();
  render(
    <ApiProvider api={fake.api}>
      <ImportExportBar />
    </ApiProvider>,
  );
});
afterEach(cleanup);

/** A drop of one file on the window, as a browser delivers it. */
async function drop(name: string, content: BlobPart) {
  const file = new File([content], name);
  const dataTransfer = { types: ['Files'], files: [file] };
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.assign(event, { dataTransfer });
  await act(async () => {
    window.dispatchEvent(event);
  });
  return event;
}

describe('import by drag-and-drop', () => {
  it('previews the Done-when file, then confirm creates the -R rule under a profile', async () => {
    const event = await drop('mirrord.json', PY_SERV);
    expect(event.defaultPrevented).toBe(true);
    const dialog = await screen.findByTestId('import-dialog');
    expect(within(dialog).getByTestId('import-target').textContent).toBe('deployment/py-serv');
    expect(within(dialog).getByTestId('import-namespace').textContent).toBe('default');
    expect(
      within(dialog)
        .getAllByTestId('import-rule')
        .map((li) => li.textContent),
    ).toEqual(['-R 80:19090 · steal · deployment/py-serv:80 → 127.0.0.1:19090']);
    expect(fake.calls).not.toContain('rulesAdd');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create 1 rule as a profile' }));
    expect((await screen.findByTestId('import-done')).textContent).toContain(
      'Created profile “mirrord” with 1 rule',
    );
    expect(
      fake.rules.map((r) => [r.direction, r.spec, r.target, r.incomingMode, r.enabled]),
    ).toEqual([['R', '80:19090', 'deployment/py-serv', 'steal', true]]);
    expect(fake.profiles).toEqual([{ name: 'mirrord', ruleIds: ['r1'], running: false }]);
    expect(useStore.getState().profiles.map((p) => p.name)).toEqual(['mirrord']);
  });

  it('a -L rule added in the preview is created for the same target', async () => {
    await drop('shop.yaml', 'target: { path: deployment/py-serv, namespace: default }\n');
    const dialog = await screen.findByTestId('import-dialog');
    fireEvent.change(within(dialog).getByLabelText('-L rule to add'), {
      target: { value: 'nope' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add -L' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/nope/);
    fireEvent.change(within(dialog).getByLabelText('-L rule to add'), {
      target: { value: '18080:py-serv:80' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add -L' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Start the rules now/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create 1 rule as a profile' }));
    await screen.findByTestId('import-done');
    expect(fake.rules.map((r) => [r.direction, r.spec, r.target, r.namespace, r.enabled])).toEqual([
      ['L', '18080:py-serv:80', 'deployment/py-serv', 'default', false],
    ]);
    expect(fake.profiles[0]?.name).toBe('shop');
  });

  it('a broken file shows the error with file, line and column; nothing is created', async () => {
    await drop('mirrord.toml', '[target]\npath = "deployment/py-serv"\nnamespace = \n');
    expect((await screen.findByTestId('import-error')).textContent).toBe(
      'mirrord.toml, line 3, column 13: invalid TOML: invalid value',
    );
    expect(screen.queryByRole('button', { name: /as a profile/ })).toBeNull();
    expect(fake.calls.filter((c) => c === 'rulesAdd' || c === 'profilesSave')).toEqual([]);
  });

  it('Escape closes the preview without creating anything', async () => {
    await drop('mirrord.json', PY_SERV);
    fireEvent.keyDown(await screen.findByTestId('import-dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('import-dialog')).toBeNull();
    expect(fake.rules).toEqual([]);
  });

  it('binary and oversized files are refused before parsing', async () => {
    await drop('mirrord.json', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]));
    expect((await screen.findByTestId('import-error')).textContent).toMatch(/binary file/);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await drop('mirrord.json', new Uint8Array(1024 * 1024 + 1).fill(0x20));
    expect((await screen.findByTestId('import-error')).textContent).toMatch(/at most 1 MiB/);
  });

  it('template variables come from the host, and the user may type the ones it lacks', async () => {
    fake.api.importEnv = async ({ names }): Promise<Record<string, string>> =>
      names.includes('CTX') ? { CTX: 'kind-dev' } : {};
    await drop(
      'mirrord.json',
      '{"kube_context":"{{ get_env(name=\'CTX\') }}","target":{"namespace":"{{ get_env(name=\'NS\') }}"}}',
    );
    expect((await screen.findByTestId('import-error')).textContent).toMatch(
      /environment variable `NS` is not set/,
    );
    fireEvent.change(screen.getByLabelText('Value of NS'), { target: { value: 'shop' } });
    expect(screen.getByTestId('import-context').textContent).toBe('kind-dev');
    expect(screen.getByTestId('import-namespace').textContent).toBe('shop');
    expect(screen.getAllByTestId('import-env').map((li) => li.textContent)).toEqual([
      'CTX = kind-dev',
      'NS = shop',
    ]);
  });

  it('a refused rule leaves nothing behind and says so', async () => {
    await drop('mirrord.json', PY_SERV.replace('[[19090,80]]', '[[19090,80],[19443,443]]'));
    const dialog = await screen.findByTestId('import-dialog');
    fake.api.rulesAdd = async (input) => {
      if (input.spec === '443:19443') throw new Error('port 19443 is in use');
      const r = { ...fake.rules[0], id: 'x1', ...input } as (typeof fake.rules)[number];
      fake.rules.push(r);
      return r;
    };
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create 2 rules as a profile' }));
    expect((await screen.findByTestId('import-save-error')).textContent).toBe(
      'nothing was created: -R 443:19443 was refused: port 19443 is in use',
    );
    expect(fake.rules).toEqual([]);
    expect(fake.profiles).toEqual([]);
  });
});
