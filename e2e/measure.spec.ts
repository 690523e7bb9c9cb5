/**
 * Measuring what matters, in Chromium against real `wrangler dev` workers:
 * a visitor's 👎 and CSAT reach the admin dashboard's review queue and its
 * chart data; the kill switch and the rollout split change what the visitor sees.
 */
import { rolloutBucket } from '../worker/src/domain/rollout';
import { expect, test } from './fixtures';
import { E2E } from './ports';

const QUESTION = 'How long is the password reset link valid?';
const today = () => new Date().toISOString().slice(0, 10);

async function adminJson<T>(origin: string, path: string): Promise<T> {
  const response = await fetch(`${origin}${path}`, { headers: { authorization: `Bearer ${E2E.adminToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** A visitor id on the chosen side of the 50 % rollout, by the worker's own hash. */
function visitorId(inside: boolean): string {
  for (let index = 0; ; index += 1) {
    const id = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    if (rolloutBucket(id) < 50 === inside) return id;
  }
}

test('a 👎 with a reason and a CSAT of 2 show up in the admin review queue and in the chart data', async ({ widget, page }) => {
  await widget.open(E2E.extractiveOrigin);
  await widget.ask(QUESTION);
  await expect(widget.lastAnswer()).toHaveAttribute('data-state', 'done');
  await widget.lastAnswer().getByRole('button', { name: 'Not helpful' }).click();
  await widget.lastAnswer().getByRole('combobox', { name: 'Why? (optional)' }).selectOption({ label: 'Wrong' });

  // Closing after an answer ends the conversation: the one-question survey waits for the next open.
  await page.getByRole('button', { name: 'Close chat' }).click();
  await page.getByRole('button', { name: 'Open chat' }).click();
  const survey = page.getByRole('form', { name: 'How did we do?' });
  await survey.getByRole('button', { name: '2/5' }).click();
  await survey.getByRole('textbox', { name: 'Comment (optional)' }).fill('It sent me to the wrong page');
  await survey.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Thanks!')).toBeVisible();
  // The survey never blocked the chat.
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeEnabled();

  const { id } = (await page.evaluate(() => JSON.parse(localStorage.getItem('switchboard:conversation') ?? 'null'))) as { id: string };
  await expect
    .poll(async () => (await adminJson<{ items: { id: string; csat?: number }[] }>(E2E.extractiveOrigin, '/admin/api/review')).items.find((item) => item.id === id)?.csat)
    .toBe(2);

  await page.goto(`${E2E.extractiveOrigin}/admin`);
  await page.getByLabel('Admin token').fill(E2E.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const item = page.locator(`details[data-conversation="${id}"]`);
  await expect(item).toBeVisible();
  await expect(item.locator('summary')).toContainText('down');
  await expect(item.locator('summary')).toContainText('low-csat');
  await expect(item.locator('summary')).toContainText('CSAT 2');
  await item.locator('summary').click();
  await expect(item).toContainText(QUESTION);
  await expect(item).toContainText('👎 wrong');
  await expect(item).toContainText('It sent me to the wrong page');
  await expect(item.getByRole('link').first()).toHaveAttribute('href', /\/docs\/account\/reset-password/);
  await expect(page.getByTestId('questions-unanswered')).toContainText(QUESTION);

  // The reviewer's verdict sticks.
  await item.getByRole('combobox', { name: 'Cause' }).selectOption('wrong-doc');
  await expect
    .poll(async () => (await adminJson<{ items: { id: string; cause?: string }[] }>(E2E.extractiveOrigin, '/admin/api/review')).items.find((entry) => entry.id === id)?.cause)
    .toBe('wrong-doc');

  // The chart data: today's CSAT includes the 2, and the outcome-mix chart draws today's bar.
  const metrics = await adminJson<{ days: { date: string; conversations: number; csat: { responses: number } }[] }>(E2E.extractiveOrigin, '/admin/api/metrics');
  const day = metrics.days.find((entry) => entry.date === today());
  expect(day?.conversations).toBeGreaterThanOrEqual(1);
  expect(day?.csat.responses).toBeGreaterThanOrEqual(1);
  await expect(page.locator(`[data-chart="Outcome mix per day"] rect[data-day="${today()}"]`).first()).toBeAttached();
  await expect(page.locator(`[data-chart="CSAT per day"] circle[data-day="${today()}"]`)).toBeAttached();
  // Whole counts on the outcome axis, each once; the loading placeholder is gone.
  const ticks = await page.locator('[data-chart="Outcome mix per day"] svg > g > text').allTextContents();
  expect(new Set(ticks).size).toBe(ticks.length);
  expect(ticks.every((tick) => /^\d+$/.test(tick))).toBe(true);
  await expect(page.getByText('Loading the dashboard…')).toHaveCount(0);
  const csv = await (await fetch(`${E2E.extractiveOrigin}/admin/api/export/conversations.csv`, { headers: { authorization: `Bearer ${E2E.adminToken}` } })).text();
  expect(csv.split('\r\n').find((line) => line.startsWith(`"${id}"`))).toContain(',"2","It sent me to the wrong page",');
});

test('the admin API refuses a missing, wrong or query-string token', async () => {
  expect((await fetch(`${E2E.extractiveOrigin}/admin/api/metrics`)).status).toBe(401);
  expect((await fetch(`${E2E.extractiveOrigin}/admin/api/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length-000000' } })).status).toBe(401);
  expect((await fetch(`${E2E.extractiveOrigin}/admin/api/metrics?token=${E2E.adminToken}`)).status).toBe(401);
});

test('AI_ENABLED=false, out of hours: the widget says the assistant is off, and the handoff says when a person is back', async ({ widget, page }) => {
  await widget.open(E2E.killSwitchOrigin);
  await expect(page.getByText('The assistant is unavailable. A person can help.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toHaveClass(/primary/);
  await widget.ask(QUESTION);
  await expect(widget.lastAnswer()).toContainText('switched off');
  await expect(widget.lastAnswer().locator('.sources')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: /Email/ })).toBeVisible();
  // This worker is staffed only two days from now (playwright.config.ts): the confirmation must not promise a reply here.
  await widget.handoff({ name: 'Ada Lovelace', email: 'ada@example.com' });
  const card = page.locator('.card[role="status"]');
  // Inbox on, no EMAIL_WEBHOOK_URL: a reply here when the team is back, and no email promised.
  await expect(card).toContainText(/We're away right now; a person from our team will reply here once we're back \w+ at 09:00 \(UTC; hours: \w{3} 09:00-17:00\)/);
  await expect(card).not.toContainText('reply here shortly');
  await expect(card).not.toContainText(/email/i);
});

test('ROLLOUT_PERCENT=50: a visitor inside gets AI answers, one outside gets a person, and both are counted', async ({ widget, page }) => {
  const before = await adminJson<{ cohorts: Record<'ai' | 'human-only', { conversations: number }> }>(E2E.rolloutOrigin, '/admin/api/metrics');
  for (const inside of [true, false]) {
    const id = visitorId(inside);
    await page.addInitScript((value) => localStorage.setItem('switchboard:visitor', JSON.stringify(value)), id);
    await widget.open(E2E.rolloutOrigin);
    await widget.ask(QUESTION);
    await expect(widget.lastAnswer()).toHaveAttribute('data-state', 'done');
    if (inside) {
      await expect(page.getByText('The assistant is unavailable. A person can help.')).toHaveCount(0);
      await expect(widget.lastAnswer().locator('.sources')).toBeVisible();
    } else {
      await expect(page.getByText('The assistant is unavailable. A person can help.')).toBeVisible();
      await expect(widget.lastAnswer()).toContainText('A person from our team answers questions here');
    }
    // The same visitor id is kept: the split is stable across visits.
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('switchboard:visitor') ?? 'null'))).toBe(id);
    await page.evaluate(() => localStorage.clear());
  }
  const after = await adminJson<{ cohorts: Record<'ai' | 'human-only', { conversations: number }> }>(E2E.rolloutOrigin, '/admin/api/metrics');
  expect(after.cohorts.ai.conversations - before.cohorts.ai.conversations).toBe(1);
  expect(after.cohorts['human-only'].conversations - before.cohorts['human-only'].conversations).toBe(1);
});
