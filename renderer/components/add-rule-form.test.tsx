import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../api-context.tsx';
import { resetStore, useStore } from '../store/index.ts';
import { createFakeApi, type FakeApi } from '../testing/fake-api.ts';
import { AddRuleForm, toRuleInput } from './add-rule-form.tsx';

let fake: FakeApi;
beforeEach(() => {
  resetStore();
  fake = createFakeApi();
  render(
    <ApiProvider api={fake.api}>
      <AddRuleForm />
    </ApiProvider>,
  );
});
afterEach(() => cleanup());

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('AddRuleForm', () => {
  it('sends the input (blank optionals left out) and shows the rule in the store', async () => {
    fireEvent.change(screen.getByLabelText('Direction'), { target: { value: 'R' } });
    type('Spec', ' 9090:3000 ');
    type('Target', 'pod/api-0');
    type('Namespace', 'shop');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add rule' })));
    expect(fake.api.rulesAdd).toHaveBeenCalledWith({
      direction: 'R',
      spec: '9090:3000',
      target: 'pod/api-0',
      namespace: 'shop',
      name: undefined,
      context: undefined,
    });
    expect(useStore.getState().rules).toMatchObject([{ spec: '9090:3000', target: 'pod/api-0' }]);
    expect((screen.getByLabelText('Spec') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Target') as HTMLInputElement).value).toBe('pod/api-0');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the engine’s rejection inline and keeps what the user typed', async () => {
    type('Spec', 'bad');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add rule' })));
    expect(screen.getByRole('alert').textContent).toBe('invalid port forward spec "bad"');
    expect((screen.getByLabelText('Spec') as HTMLInputElement).value).toBe('bad');
    expect(useStore.getState().rules).toEqual([]);
    type('Spec', '8080:api:80');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add rule' })));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('toRuleInput', () => {
  it('trims and omits blank fields', () => {
    expect(
      toRuleInput('L', { name: ' ', spec: ' 1:a:2 ', target: '', namespace: ' ns ', context: '' }),
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
