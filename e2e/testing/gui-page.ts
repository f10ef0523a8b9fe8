/** Locators and actions for the editor, pickers and profiles (role and test-id locators only). */
import type { Locator, Page } from '@playwright/test';
import { addForm, ruleRow } from './rules-page.ts';
import { expect } from './sim-host.ts';

/** Picks context → namespace → target (typed search) → declared port, as a user clicks them. */
export async function pickPort(
  page: Page,
  pick: { context: string; namespace: string; search: string; target: string; port: number },
): Promise<void> {
  const form = addForm(page);
  const context = form.getByLabel('Context', { exact: true });
  await expect(context.getByRole('option', { name: pick.context, exact: true })).toHaveCount(1);
  await context.selectOption({ label: pick.context });
  await form.getByLabel('Namespace', { exact: true }).fill(pick.namespace);
  await form.getByLabel('Target', { exact: true }).fill(pick.search);
  await form
    .getByRole('list', { name: 'Search results' })
    .getByRole('button', { name: pick.target, exact: true })
    .click();
  await form.getByRole('button', { name: `Forward port ${pick.port} of ${pick.target}` }).click();
}

/** The spec field of the add (or edit) form. */
export function specField(form: Locator): Locator {
  return form.getByLabel('Spec', { exact: true });
}

/** Edits a rule's spec through its Edit button and waits for it to listen on the new port. */
export async function editSpec(
  page: Page,
  name: string,
  spec: string,
  port: number,
): Promise<void> {
  await ruleRow(page, name)
    .getByRole('button', { name: `Edit ${name}` })
    .click();
  const form = page.getByRole('form', { name: 'Edit rule' });
  await specField(form).fill(spec);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('form', { name: 'Edit rule' })).toHaveCount(0);
  await expect(ruleRow(page, name).getByTestId('rule-listen')).toHaveText(
    `listening on 127.0.0.1:${port}`,
  );
}

export function profileRow(page: Page, name: string): Locator {
  return page
    .getByTestId('profile-row')
    .filter({ has: page.getByTestId('profile-name').getByText(name, { exact: true }) });
}
