import { expect, test as base, type Page } from '@playwright/test';
import { E2E, hostPage } from './ports';

/** The shadow root's content is reachable through Playwright's locators (they pierce open shadow roots). */
export const test = base.extend<{ widget: WidgetDriver }>({
  widget: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(new WidgetDriver(page));
    expect(errors, 'no uncaught errors on the host page').toEqual([]);
  },
});
export { expect };

export class WidgetDriver {
  constructor(readonly page: Page) {}

  async open(worker: string = E2E.extractiveOrigin, pageName = 'basic.html', query = '') {
    await this.page.goto(hostPage(worker, pageName, query));
    await this.page.getByRole('button', { name: 'Open chat' }).click();
    await expect(this.page.getByRole('dialog')).toBeVisible();
  }

  async ask(question: string) {
    const input = this.page.getByRole('textbox', { name: 'Message' });
    await input.fill(question);
    await this.page.getByRole('button', { name: 'Send', exact: true }).click();
  }

  /** Fill and send the "Talk to a human" form; returns the reference the confirmation shows. */
  async handoff(contact: { name: string; email: string; note?: string }): Promise<string> {
    // After an escalation the form is already open, and its own button is the one human control.
    if (!(await this.page.getByRole('textbox', { name: 'Email' }).isVisible())) await this.page.getByRole('button', { name: 'Talk to a human' }).click();
    await this.page.getByRole('textbox', { name: 'Name' }).fill(contact.name);
    await this.page.getByRole('textbox', { name: 'Email' }).fill(contact.email);
    if (contact.note) await this.page.getByRole('textbox', { name: 'Note' }).fill(contact.note);
    await this.page.getByRole('button', { name: 'Send to a human' }).click();
    const confirmation = this.page.getByText(/HO-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await expect(confirmation).toBeVisible();
    return /HO-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec((await confirmation.textContent()) ?? '')?.[0] ?? '';
  }

  /** The last assistant answer, once its stream has finished. */
  lastAnswer() {
    return this.page.locator('[data-role="assistant"]').last();
  }
}

export async function resetDoubles() {
  await fetch(`${E2E.webhookOrigin}/__reset`, { method: 'POST' });
  await fetch(`${E2E.openaiOrigin}/__reset`, { method: 'POST' });
}

export async function webhookDeliveries(): Promise<{ id: string; signatureValid: boolean; body: Record<string, unknown> }[]> {
  const response = await fetch(`${E2E.webhookOrigin}/__deliveries`);
  return ((await response.json()) as { accepted: { id: string; signatureValid: boolean; body: Record<string, unknown> }[] }).accepted;
}

export async function llmRequests(): Promise<unknown[]> {
  return (await (await fetch(`${E2E.openaiOrigin}/__requests`)).json()) as unknown[];
}
