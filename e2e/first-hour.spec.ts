/**
 * A site owner's first hour, in Chromium: an origin missing from
 * ALLOWED_ORIGINS, the mailto with the worker down, and the widget's rough
 * edges seen in screenshots.
 */
import { test, expect, webhookDeliveries, resetDoubles } from './fixtures';
import { E2E, hostPage } from './ports';

const QUESTION = 'How long is the password reset link valid?';
const LONG_QUESTION = 'How do I share a notebook with a colleague and what can they edit?';

test.beforeEach(resetDoubles);

test('an origin missing from ALLOWED_ORIGINS: one console.warn for the owner, the SUPPORT_EMAIL mailto for the visitor, no dead composer', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  // localhost is another origin than 127.0.0.1, and only the latter is allowed.
  await page.goto(`http://localhost:${E2E.hostPort}/basic.html?worker=${encodeURIComponent(E2E.extractiveOrigin)}`);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const link = page.getByRole('link', { name: 'Email support' });
  await expect(link).toHaveAttribute('href', 'mailto:support@lumennotes.example');
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toHaveCount(0);
  expect(warnings.filter((text) => text.includes('ALLOWED_ORIGINS'))).toEqual([`Switchboard: this origin is not in ALLOWED_ORIGINS of ${E2E.extractiveOrigin}`]);
});

test('the worker down after the widget loaded: the human path still ends at a mailto (data-support-email)', async ({ widget, page }) => {
  // The API unreachable, every call a network error; the widget's own files came from the worker before.
  await page.route(`${E2E.extractiveOrigin}/v1/**`, (route) => route.abort('connectionrefused'));
  await widget.open(E2E.extractiveOrigin, 'embed-support-email.html');
  await expect(page.getByText('The assistant is unavailable. A person can help.')).toBeVisible();
  await page.getByRole('button', { name: 'Talk to a human' }).click();
  await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
  await page.getByRole('button', { name: 'Send to a human' }).click();
  await expect(page.getByRole('link', { name: 'Email support' })).toHaveAttribute('href', /^mailto:help@acme\.example\?/);
});

test('parts that cannot load (Markdown, ratings) leave an answer as its plain text and the human path working', async ({ widget, page }) => {
  await page.route(/\/widget-(render|feedback)\.en\.js$/, (route) => route.abort('connectionrefused'));
  await widget.open();
  await widget.ask(QUESTION);
  const answer = widget.lastAnswer();
  await expect(answer).toHaveAttribute('data-state', 'done');
  await expect(answer).toContainText('60 minutes');
  // Rendered, its citation would be a link; as plain text it stays "[1]".
  await expect(answer.locator('a.cite')).toHaveCount(0);
  await expect(answer).toContainText('[1]');
  await answer.getByRole('button', { name: 'Helpful', exact: true }).click();
  await expect(answer.getByRole('button', { name: 'Helpful', exact: true })).toBeEnabled();
  await widget.handoff({ name: 'Ada', email: 'ada@example.com' });
});

const HANDOFF_PART = /\/widget-handoff\.en\.js$/;

test('the worker down and the handoff form not loaded: an honest message and the mailto with the conversation, the human button alive', async ({ widget, page }) => {
  // The panel came from the worker before it went down: its API and the form's part are both unreachable now.
  await page.route(`${E2E.extractiveOrigin}/v1/**`, (route) => route.abort('connectionrefused'));
  await page.route(HANDOFF_PART, (route) => route.abort('connectionrefused'));
  await widget.open(E2E.extractiveOrigin, 'embed-support-email.html');
  await widget.ask(QUESTION);
  const human = page.getByRole('button', { name: 'Talk to a human' });
  await human.click();
  const fallback = page.getByRole('alert').filter({ hasText: 'The contact form could not load. Try again in a moment.' });
  await expect(fallback).toBeVisible();
  const href = decodeURIComponent((await fallback.getByRole('link', { name: 'Email support' }).getAttribute('href')) ?? '');
  expect(href).toMatch(/^mailto:help@acme\.example\?subject=Lumen Help&body=Page: http:\/\/127\.0\.0\.1:\d+\/embed-support-email\.html\n/);
  expect(href).toContain(`visitor: ${QUESTION}`);
  await expect(human).toBeEnabled();
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveCount(0);
  await fallback.getByRole('button', { name: 'Dismiss' }).click();
  await expect(fallback).toHaveCount(0);
  await expect(human).toBeVisible();
});

test('a handoff form that could not load loads on hover of the human button once it can, and the handoff goes through', async ({ widget, page }) => {
  await page.route(HANDOFF_PART, (route) => route.abort('connectionrefused'));
  await widget.open();
  await widget.ask(QUESTION);
  await expect(widget.lastAnswer()).toHaveAttribute('data-state', 'done');
  const human = page.getByRole('button', { name: 'Talk to a human' });
  await human.click();
  const fallback = page.getByRole('alert').filter({ hasText: 'The contact form could not load.' });
  await expect(fallback.getByRole('link', { name: 'Email support' })).toHaveAttribute('href', /^mailto:support@lumennotes\.example\?/);
  await page.unroute(HANDOFF_PART);
  await page.mouse.move(0, 0);
  const part = page.waitForResponse(HANDOFF_PART);
  await human.hover();
  expect((await part).ok()).toBe(true);
  const reference = await widget.handoff({ name: 'Ada', email: 'ada@example.com' });
  expect(reference).toMatch(/^HO-/);
  await expect(fallback).toHaveCount(0);
  await expect.poll(async () => (await webhookDeliveries()).length).toBe(1);
});

test('the handoff form is fetched when the panel opens: with the whole worker down after that, the form opens and ends at the mailto', async ({ widget, page }) => {
  const part = page.waitForResponse(HANDOFF_PART);
  await widget.open(E2E.extractiveOrigin, 'embed-support-email.html');
  expect((await part).ok()).toBe(true);
  await page.route(`${E2E.extractiveOrigin}/**`, (route) => route.abort('connectionrefused'));
  await page.getByRole('button', { name: 'Talk to a human' }).click();
  await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
  await page.getByRole('button', { name: 'Send to a human' }).click();
  await expect(page.getByRole('link', { name: 'Email support' })).toHaveAttribute('href', /^mailto:help@acme\.example\?/);
});

test('the handoff form speaks the panel language: its part and its strings are built per language', async ({ browser }) => {
  const german = await browser.newContext({ locale: 'de-DE' });
  const page = await german.newPage();
  await page.goto(hostPage(E2E.extractiveOrigin));
  await page.getByRole('button', { name: 'Chat öffnen' }).click();
  await page.getByRole('button', { name: 'Mit einem Menschen sprechen' }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'E-Mail' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'An einen Menschen senden' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Zurück zum Chat' })).toBeVisible();
  await german.close();
});

test('an answer: SVG thumbs with names, one heading, a placeholder, the accent focus ring', async ({ widget, page }) => {
  await widget.open();
  const input = page.getByRole('textbox', { name: 'Message' });
  await expect(input).toHaveAttribute('placeholder', 'Ask a question…');
  await widget.ask(QUESTION);
  const answer = widget.lastAnswer();
  await expect(answer).toHaveAttribute('data-state', 'done');
  await expect(answer.locator('a.cite').first()).toBeVisible();
  await expect(answer).not.toContainText('Excerpts from our docs:');
  await expect(answer.getByText(/most relevant excerpts/)).toHaveCount(1);
  for (const name of ['Helpful', 'Not helpful']) {
    const thumb = answer.getByRole('button', { name, exact: true });
    await expect(thumb.locator('svg')).toHaveCount(1);
    expect(await thumb.textContent()).not.toMatch(/[👍👎]/u);
  }
  await input.focus();
  const [outline, accent] = await input.evaluate((element) => {
    const host = (element.getRootNode() as ShadowRoot).host as HTMLElement;
    const probe = document.createElement('i');
    probe.style.color = getComputedStyle(host).getPropertyValue('--sb-accent');
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return [getComputedStyle(element).outlineColor, colour];
  });
  expect(outline).toBe(accent);
});

test('a long answer keeps its question and its start in view', async ({ widget, page }) => {
  await page.setViewportSize({ width: 1280, height: 560 });
  await widget.open();
  await widget.ask(LONG_QUESTION);
  const answer = widget.lastAnswer();
  await expect(answer).toHaveAttribute('data-state', 'done');
  const log = await page.locator('.log').boundingBox();
  const question = await page.locator('[data-role="visitor"]').last().boundingBox();
  const start = await answer.boundingBox();
  expect(start!.height, 'the answer is taller than the log, or this proves nothing').toBeGreaterThan(log!.height);
  expect(question!.y).toBeGreaterThanOrEqual(log!.y - 1);
  expect(start!.y).toBeLessThan(log!.y + log!.height);
});

test('after a handoff: no CSAT before a person replied, and asking again shows the same reference', async ({ widget, page }) => {
  await widget.open();
  await widget.ask(QUESTION);
  await expect(widget.lastAnswer()).toHaveAttribute('data-state', 'done');
  const reference = await widget.handoff({ name: 'Grace Hopper', email: 'grace@example.com' });
  await expect(page.getByRole('form', { name: 'How did we do?' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Talk to a human' }).click();
  await expect(page.getByText(reference)).toBeVisible();
  await expect(page.getByText(/HO-[0-9A-Z]{4}-[0-9A-Z]{4}/)).toHaveCount(1);
  await expect.poll(async () => (await webhookDeliveries()).length).toBe(1);
});

test('after an escalation: one human control at a time', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('I want to talk to a human please');
  await expect(page.getByRole('textbox', { name: 'Email' })).toBeVisible();
  await expect(page.getByRole('button', { name: /human/i })).toHaveCount(1);
  await page.getByRole('button', { name: 'Back to chat' }).click();
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toBeVisible();
});
