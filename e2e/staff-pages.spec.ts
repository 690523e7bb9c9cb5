/**
 * The staff pages on a phone and on a desk (360 and 1280 px): the inbox lists
 * cases with their category and reasons in words, a case opens full-width on a
 * phone, the reply box empties after sending, the status agrees with the list;
 * the dashboard shows the open conversations beside its rates and lists
 * questions sent to people by policy apart. Each width leaves a screenshot.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E } from './ports';

const WIDTHS = [360, 1280] as const;
const shots = (name: string) => join(import.meta.dirname, '..', 'test-results', `staff-screens-${E2E.extractivePort}`, `${name}.png`);

/** A visitor conversation escalated by policy (a refund, a no-AI topic) and handed off with contact details. */
async function escalate(message: string, name: string): Promise<{ conversationId: string; conversationToken: string }> {
  const headers = { 'content-type': 'application/json', origin: E2E.hostOrigin };
  const chat = await fetch(`${E2E.extractiveOrigin}/v1/chat`, { method: 'POST', headers, body: JSON.stringify({ message, product: 'lumen' }) });
  const start = JSON.parse((await chat.text()).split('\n').find((line) => line.startsWith('data:'))!.slice(5)) as { conversationId: string; conversationToken: string };
  const handoff = await fetch(`${E2E.extractiveOrigin}/v1/handoff`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ conversationId: start.conversationId, conversationToken: start.conversationToken, name, email: `${name.split(' ')[0]!.toLowerCase()}@example.com` }),
  });
  expect(handoff.status).toBe(201);
  return { conversationId: start.conversationId, conversationToken: start.conversationToken };
}

const HEADERS = { 'content-type': 'application/json', origin: E2E.hostOrigin };
let rosaConversation: { conversationId: string; conversationToken: string };

/** Nothing on the page is wider than the viewport: no sideways scrolling of the whole page. */
async function expectNoPageOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test.beforeAll(async () => {
  rosaConversation = await escalate('I was charged for Pro but never used it, I want a refund', 'Rosa Refund');
  await escalate('Why does my exported PDF print blank pages?', 'Paul Printer');
});

for (const width of WIDTHS) {
  test(`the inbox works at ${width} px: category, reasons in words, reply cleared, status agrees with the list`, async ({ page }) => {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 860 });
    await page.goto(`${E2E.extractiveOrigin}/agent`);
    await page.getByLabel('Agent token').fill(E2E.agentToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const rosa = page.getByRole('button', { name: /Rosa Refund/ }).first();
    await expect(rosa).toBeVisible();
    await expect(page.getByTestId('case-count')).toContainText(/\d+ cases · page 1 of \d+/);
    // The refund request was triaged for real: a refund is billing (the triage policy's routing rule).
    await expect(rosa.getByTestId('case-category')).toHaveText('billing');
    await expect(rosa).toContainText('Visitor asked for a person');
    await expect(rosa).not.toContainText('visitor_request');
    await expectNoPageOverflow(page);
    await page.screenshot({ path: shots(`inbox-list-${width}`), fullPage: true });

    await rosa.click();
    await expect(page.getByRole('heading', { name: /Rosa Refund/ })).toBeVisible();
    if (width < 600) await expect(page.getByRole('navigation', { name: 'Inbox' })).toBeHidden();
    await expect(page.getByText('No-AI topic: refund', { exact: true })).toBeVisible();
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await expect(reply).not.toHaveValue('');
    await reply.fill(`Hi Rosa, we have refunded last month (${width}).`);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByRole('status')).toHaveText('Reply sent.');
    await expect(reply).toHaveValue('');
    await expect(page.getByTestId('case-status')).toHaveText('waiting');
    await expectNoPageOverflow(page);
    await page.screenshot({ path: shots(`inbox-case-${width}`), fullPage: true });
    // The visitor writes back while the case is open on screen: after the list refreshes, the case says so too.
    const back = await fetch(`${E2E.extractiveOrigin}/v1/chat`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ message: `Thanks, when will it arrive? (${width})`, ...rosaConversation }) });
    expect(back.status, await back.clone().text()).toBe(200);
    await back.text();
    if (width < 600) await page.getByRole('button', { name: '← All cases' }).click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByRole('button', { name: /Rosa Refund/ }).first().locator('.status').first()).toHaveText('open');
    if (width < 600) await page.getByRole('button', { name: /Rosa Refund/ }).first().click();
    await expect(page.getByTestId('case-status')).toHaveText('open');
  });

  test(`the dashboard works at ${width} px: open beside the rates, categories, policy questions apart, readable axes`, async ({ page }) => {
    await page.setViewportSize({ width, height: width < 600 ? 780 : 860 });
    await page.goto(`${E2E.extractiveOrigin}/admin`);
    await page.getByLabel('Admin token').fill(E2E.adminToken);
    await page.getByRole('button', { name: /Sign in|Show/ }).first().click();
    await expect(page.getByTestId('ended-open')).toContainText(/Rates over \d+ ended conversations?; \d+ still open beside them\./);
    await expect(page.getByTestId('category-table')).toContainText('billing');
    await expect(page.getByTestId('questions-policy')).toContainText('I was charged for Pro but never used it, I want a refund');
    await expect(page.getByTestId('questions-unanswered').or(page.getByText('None in this range.').first())).toBeVisible();
    if (await page.getByTestId('questions-unanswered').count()) await expect(page.getByTestId('questions-unanswered')).not.toContainText('I want a refund');
    // Axis labels as drawn on screen: at least 10 px tall at either width.
    const smallest = await page.locator('svg text').evaluateAll((texts) => Math.min(...texts.map((text) => text.getBoundingClientRect().height).filter((height) => height > 0)));
    expect(smallest).toBeGreaterThanOrEqual(10);
    await expectNoPageOverflow(page);
    await page.screenshot({ path: shots(`dashboard-${width}`), fullPage: true });
    await page.locator('.chart').nth(1).screenshot({ path: shots(`dashboard-chart-${width}`) });
    await page.getByTestId('category-table').screenshot({ path: shots(`dashboard-categories-${width}`) });
  });
}
