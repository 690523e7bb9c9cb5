/**
 * The hybrid loop in Chromium against `wrangler dev` (in-memory store, local
 * index, real Cloudflare Queues run by wrangler): a visitor escalates, the
 * signed packet reaches the receiver, an agent answers from /agent with an
 * edited AI draft, the reply shows up in the visitor's widget, the agent
 * resolves, and the next visitor's similar question cites the resolved case.
 */
import { expect as baseExpect } from '@playwright/test';
import { E2E, hostPage } from './ports';
import { expect, resetDoubles, test, webhookDeliveries } from './fixtures';

test.beforeEach(resetDoubles);

const QUESTION = 'When I print an exported PDF from the Windows app every page comes out blank';

async function attempts(): Promise<{ id: string }[]> {
  return ((await (await fetch(`${E2E.webhookOrigin}/__deliveries`)).json()) as { attempts: { id: string }[] }).attempts;
}

test('visitor escalates, agent replies from the inbox, reply reaches the widget, resolution teaches the assistant', async ({ widget, page, browser }) => {
  test.setTimeout(90_000);
  // 1. A visitor escalates.
  await widget.open();
  await widget.ask(QUESTION);
  await expect(widget.lastAnswer()).not.toHaveAttribute('data-state', 'streaming');
  const reference = await widget.handoff({ name: 'Ada Lovelace', email: 'ada@example.com' });

  // 2. The webhook receiver gets a signed packet.
  await expect.poll(async () => (await webhookDeliveries()).length).toBe(1);
  const [delivery] = await webhookDeliveries();
  expect(delivery?.signatureValid).toBe(true);
  expect(delivery?.body).toMatchObject({ reference, contact: { email: 'ada@example.com' } });

  // 3. The agent opens /agent, edits the AI draft and sends it.
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const pageErrors: string[] = [];
  agent.on('pageerror', (error) => pageErrors.push(error.message));
  await agent.goto(`${E2E.extractiveOrigin}/agent`);
  await agent.getByLabel('Agent token').fill(E2E.agentToken);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByRole('button', { name: /Ada Lovelace/ }).click();
  await expect(agent.getByRole('heading', { name: `Ada Lovelace <ada@example.com> · ${reference}` })).toBeVisible();
  await expect(agent.getByText('Visitor asked for a person', { exact: true })).toBeVisible();
  await expect(agent.getByText('delivered after 1 attempt', { exact: true })).toBeVisible();
  await expect(agent.getByLabel('Transcript')).toContainText(QUESTION);
  // The AI's answer reads as the visitor saw it: Markdown rendered, not raw asterisks.
  await expect(agent.getByLabel('Transcript').locator('strong').first()).toBeVisible();
  await expect(agent.getByLabel('Transcript')).not.toContainText('**');
  const reply = agent.getByRole('textbox', { name: 'Reply' });
  await expect(reply).toHaveValue(/^Hi Ada,[\s\S]*\[1\]/);
  const draft = await reply.inputValue();
  const edited = draft.replace(/Best regards$/, 'If the pages are still blank, turn off hardware acceleration under Settings > Advanced and export again.\n\nBest regards, Grace');
  await reply.fill(edited);
  await agent.getByRole('button', { name: 'Send reply' }).click();
  await expect(agent.getByRole('status')).toHaveText('Reply sent.');
  await expect(agent.getByTestId('case-status')).toHaveText('waiting');

  // 4. The reply appears in the visitor's widget (the open panel polls while a person has the conversation).
  const agentMessage = page.locator('[data-role="agent"]').last();
  await expect(agentMessage).toContainText('turn off hardware acceleration', { timeout: 15_000 });
  await expect(agentMessage).toContainText('Best regards, Grace');
  // ...and is in the restored history on the next visit.
  await page.reload();
  await page.getByRole('button', { name: 'Open chat' }).click();
  await expect(page.locator('[data-role="agent"]').last()).toContainText('turn off hardware acceleration');
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toBeVisible();
  // The hand-off's confirmation is part of the history too, reference included.
  await expect(page.getByText(`Sent to our team (reference ${reference}).`)).toBeVisible();

  // 5. The agent resolves the conversation.
  await agent.getByRole('textbox', { name: 'Resolution note' }).fill('Blank pages in exported PDFs come from GPU acceleration: turn off Settings > Advanced > Hardware acceleration and export again. Ada was at ada@example.com.');
  await agent.getByRole('button', { name: 'Resolve' }).click();
  await expect(agent.getByTestId('case-status')).toHaveText('resolved');
  await expect(agent.getByText(/turn off Settings > Advanced > Hardware acceleration and export again\. Ada was at \[email\]\./)).toBeVisible();
  baseExpect(pageErrors).toEqual([]);
  await agentContext.close();

  // 6. A new visitor asking a similar question gets an answer citing the resolved case.
  const visitorContext = await browser.newContext();
  const next = await visitorContext.newPage();
  await next.goto(hostPage(E2E.extractiveOrigin));
  await next.getByRole('button', { name: 'Open chat' }).click();
  await next.getByRole('textbox', { name: 'Message' }).fill('My exported PDF prints blank pages on Windows');
  await next.getByRole('button', { name: 'Send', exact: true }).click();
  const answer = next.locator('[data-role="assistant"]').last();
  await expect(answer).toContainText(/Resolved case: When I print an exported PDF/);
  await expect(answer).toContainText(/hardware acceleration/i);
  await visitorContext.close();
});

test('the webhook down for a while, then up: Cloudflare Queues under wrangler dev retries with one id until it is delivered once', async ({ widget, page }) => {
  await fetch(`${E2E.webhookOrigin}/__fault`, { method: 'POST', body: JSON.stringify({ status: 503, times: 2 }) });
  await widget.open();
  await page.getByRole('button', { name: 'Talk to a human' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Grace Hopper');
  await page.getByRole('textbox', { name: 'Email' }).fill('grace@example.com');
  await page.getByRole('button', { name: 'Send to a human' }).click();
  await expect(page.getByText(/HO-[0-9A-Z]{4}-[0-9A-Z]{4}/)).toBeVisible();
  await expect.poll(async () => (await webhookDeliveries()).length, { timeout: 20_000 }).toBe(1);
  const tried = await attempts();
  expect(tried.length).toBe(3);
  expect(new Set(tried.map((attempt) => attempt.id)).size).toBe(1);
  // Nothing more arrives once it is delivered.
  await page.waitForTimeout(3000);
  expect((await attempts()).length).toBe(3);
});

test('when nothing can record the handoff, the widget offers the support email with the transcript and retries later', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('How long is the password reset link valid?');
  await expect(widget.lastAnswer()).toContainText('60 minutes');
  await page.route('**/v1/handoff', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'upstream_unavailable', message: 'down', requestId: 'r' } }) }));
  await page.getByRole('button', { name: 'Talk to a human' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('Ada Lovelace');
  await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
  await page.getByRole('button', { name: 'Send to a human' }).click();
  const mailto = page.getByRole('link', { name: 'Email support' });
  await expect(mailto).toBeVisible();
  const href = decodeURIComponent((await mailto.getAttribute('href')) ?? '');
  expect(href).toMatch(/^mailto:support@lumennotes\.example\?/);
  expect(href).toContain('How long is the password reset link valid?');
  expect(href).toContain('Email: ada@example.com');
  expect(await page.evaluate(() => Object.keys(localStorage).some((key) => key.includes('pending-handoffs')))).toBe(true);
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toBeVisible();

  // Back online: the kept request goes through, once.
  await page.unroute('**/v1/handoff');
  await page.evaluate(() => dispatchEvent(new Event('online')));
  await expect(page.getByText(/HO-[0-9A-Z]{4}-[0-9A-Z]{4}/)).toBeVisible();
  await expect.poll(async () => (await webhookDeliveries()).length).toBe(1);
  expect(await page.evaluate(() => Object.keys(localStorage).some((key) => key.includes('pending-handoffs')))).toBe(false);
});
