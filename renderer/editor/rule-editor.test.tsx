import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PortsideError } from '../../shared/errors.ts';
import { ApiProvider } from '../api-context.tsx';
import { resetStore, useStore } from '../store/index.ts';
import { selectRules } from '../store/selectors.ts';
import { createFakeApi, ruleView, type FakeApi } from '../testing/fake-api.ts';
import { RuleEditor } from './rule-editor.tsx';
import { toRuleInput } from './rule-draft.ts';

let fake: FakeApi;

beforeEach(() => {
  resetStore();
  fake = createFakeApi();
  render(
    <ApiProvider api={fake.api}>
      <RuleEditor />
    </ApiProvider>,
  );
});
afterEach(() => cleanup());

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;
const click = (name: string | RegExp) =>
  act(async () => void fireEvent.click(screen.getByRole('button', { name })));

describe('RuleEditor: one rule', () => {
  it('sends the input (blank optionals left out) and shows the rule in the store', async () => {
    fireEvent.change(screen.getByLabelText('Direction'), { target: { value: 'R' } });
    type('Spec', ' 9090:3000 ');
    type('Target', 'pod/api-0');
    type('Namespace', 'shop');
    expect(screen.getByTestId('preview-rule').textContent).toBe(
      '-R pod/api-0:9090 → 127.0.0.1:3000 · pod api-0 in shop',
    );
    await click('Add rule');
    expect(fake.api.rulesAdd).toHaveBeenCalledWith({
      direction: 'R',
      spec: '9090:3000',
      target: 'pod/api-0',
      namespace: 'shop',
      name: undefined,
      context: undefined,
    });
    expect(selectRules(useStore.getState())).toMatchObject([
      { spec: '9090:3000', target: 'pod/api-0' },
    ]);
    expect(value('Spec')).toBe('');
    expect(value('Target')).toBe('pod/api-0');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("validates live with mirrord's messages and does not ask the engine while invalid", async () => {
    type('Spec', '0:api:80');
    expect(screen.getByRole('alert').textContent).toBe(
      'Port `0` is not allowed in argument `0:api:80`',
    );
    await click('Add rule');
    expect(fake.api.rulesAdd).not.toHaveBeenCalled();
    type('Spec', '8080:api:80');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the engine’s rejection inline and keeps what the user typed', async () => {
    fake.api.rulesAdd = vi.fn(async () => {
      throw new PortsideError('PortInUse', '127.0.0.1:8080 is in use; try 8081');
    });
    type('Spec', '8080:api:80');
    await click('Add rule');
    expect(screen.getByRole('alert').textContent).toBe('127.0.0.1:8080 is in use; try 8081');
    expect(value('Spec')).toBe('8080:api:80');
  });
});

describe('RuleEditor: paste', () => {
  it('previews every rule of a mirrord command line and adds them all', async () => {
    type(
      'Spec',
      'mirrord port-forward -t deployment/py-serv \\\n -L 18090:localhost:80 -L 18091:py-serv:80',
    );
    const items = screen.getAllByTestId('preview-rule').map((e) => e.textContent);
    expect(items).toEqual([
      '-L 127.0.0.1:18090 → localhost:80 · deployment py-serv',
      '-L 127.0.0.1:18091 → py-serv:80 · deployment py-serv',
    ]);
    await click('Add 2 rules');
    expect(fake.api.rulesAdd).toHaveBeenCalledTimes(2);
    expect(fake.api.rulesAdd).toHaveBeenLastCalledWith({
      direction: 'L',
      spec: '18091:py-serv:80',
      target: 'deployment/py-serv',
    });
    expect(selectRules(useStore.getState())).toHaveLength(2);
    expect(value('Spec')).toBe('');
  });

  it('says how far it got when the engine refuses one of them', async () => {
    let n = 0;
    fake.api.rulesAdd = vi.fn(async () => {
      if (++n === 2) throw new PortsideError('PortInUse', 'port 2 is in use');
      return ruleView({ id: `x${n}` });
    });
    type('Spec', 'kubectl port-forward svc/web 1:80 2:81');
    await click('Add 2 rules');
    expect(screen.getByRole('alert').textContent).toBe(
      '1 of 2 rules added; then: port 2 is in use',
    );
  });
});

describe('RuleEditor: pickers', () => {
  it('context → namespace → target search → forward a declared port, saying which local port', async () => {
    await vi.waitFor(() =>
      expect(screen.getByRole('option', { name: 'current (kube-sim)' })).toBeTruthy(),
    );
    await vi.waitFor(() =>
      expect(screen.getByRole('list', { name: 'Search results' })).toBeTruthy(),
    );
    type('Target', 'py');
    const targets = within(screen.getByRole('list', { name: 'Search results' }));
    expect(targets.getAllByRole('button').map((b) => b.textContent)).toEqual([
      'deployment/py-serv',
      'service/py-serv',
    ]);
    await act(
      async () => void fireEvent.click(targets.getByRole('button', { name: 'deployment/py-serv' })),
    );
    await click('Forward port 80 of deployment/py-serv');
    expect(value('Spec')).toBe('8080:localhost:80');
    expect(value('Target')).toBe('deployment/py-serv');
    expect(screen.getByTestId('preview-note').textContent).toBe(
      'Local port 8080: port 80 needs admin rights on this machine.',
    );
    await click('Add rule');
    expect(fake.api.rulesAdd).toHaveBeenCalledWith(
      expect.objectContaining({ spec: '8080:localhost:80', target: 'deployment/py-serv' }),
    );
    expect(fake.api.kubeTargets).toHaveBeenCalledWith({
      context: 'kube-sim',
      namespace: 'default',
    });
  });

  it('reloads the targets on kube:changed for what is on screen', async () => {
    const { bindApi } = await import('../store/bind-api.ts');
    const unbind = bindApi({ api: fake.api });
    await vi.waitFor(() => expect(fake.api.kubeTargets).toHaveBeenCalledTimes(1));
    act(() =>
      fake.emit('kube:changed', { what: 'targets', context: 'kube-sim', namespace: 'default' }),
    );
    await vi.waitFor(() => expect(fake.api.kubeTargets).toHaveBeenCalledTimes(2));
    act(() => fake.emit('kube:changed', { what: 'targets', context: 'other' }));
    act(() => fake.emit('kube:changed', { what: 'contexts' }));
    await vi.waitFor(() => expect(fake.api.kubeContexts).toHaveBeenCalledTimes(2));
    expect(fake.api.kubeTargets).toHaveBeenCalledTimes(2);
    unbind();
  });
});

describe('RuleEditor: notes before saving', () => {
  it('says when a pasted rule listens beyond this machine', () => {
    type('Spec', 'kubectl port-forward svc/web 8080:80 --address 0.0.0.0');
    expect(screen.getByTestId('preview-note').textContent).toBe(
      'Listens on 0.0.0.0: reachable from other machines, not only from this one.',
    );
  });
});

describe('RuleEditor: edit', () => {
  it('refuses to replace one rule with several from a paste', async () => {
    const rule = ruleView({ id: 'r1', name: 'web' });
    act(() => {
      useStore.getState().setRules([rule]);
      useStore.getState().setEditor({ mode: 'edit', ruleId: 'r1' });
    });
    type('Spec', 'kubectl port-forward svc/web 1:80 2:80');
    await click('Save changes');
    expect(screen.getByRole('alert').textContent).toBe(
      'Editing replaces one rule; this makes 2. Add them as new rules instead.',
    );
    expect(fake.api.rulesUpdate).not.toHaveBeenCalled();
  });

  it('loads the rule, saves through rules:update and closes', async () => {
    const rule = ruleView({ id: 'r1', name: 'web', spec: '8080:web:80', namespace: 'shop' });
    fake.rules.push(rule);
    act(() => {
      useStore.getState().setRules([rule]);
      useStore.getState().setEditor({ mode: 'edit', ruleId: 'r1' });
    });
    const form = screen.getByRole('form', { name: 'Edit rule' });
    expect(value('Spec')).toBe('8080:web:80');
    expect(value('Namespace')).toBe('shop');
    type('Spec', '9090:web:80');
    await act(
      async () => void fireEvent.click(within(form).getByRole('button', { name: 'Save changes' })),
    );
    expect(fake.api.rulesUpdate).toHaveBeenCalledWith({
      id: 'r1',
      input: {
        direction: 'L',
        spec: '9090:web:80',
        name: 'web',
        namespace: 'shop',
        target: undefined,
        context: undefined,
      },
    });
    expect(useStore.getState().editor).toEqual({ mode: 'closed' });
    expect(screen.getByRole('form', { name: 'Add rule' })).toBeTruthy();
  });
});

describe('toRuleInput', () => {
  it('trims and omits blank fields', () => {
    expect(
      toRuleInput({
        direction: 'L',
        name: ' ',
        spec: ' 1:a:2 ',
        target: '',
        namespace: ' ns ',
        context: '',
      }),
    ).toEqual({
      direction: 'L',
      spec: '1:a:2',
      name: undefined,
      target: undefined,
      namespace: 'ns',
      context: undefined,
    });
  });
});
