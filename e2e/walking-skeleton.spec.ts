import { E2E } from './ports';
import { expect, llmRequests, resetDoubles, test, webhookDeliveries } from './fixtures';

test.beforeEach(resetDoubles);

test('a visitor on another site asks a question from the docs and gets a streamed, cited answer', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('How long is the password reset link valid?');
  const answer = widget.lastAnswer();
  await expect(answer).toContainText('60 minutes');
  await expect(answer).toContainText(/excerpts from our docs/i);
  // One heading: the answer's own intro, not a second label above it.
  await expect(answer.getByText(/excerpts from our docs/i)).toHaveCount(1);
  const citation = answer.getByRole('link', { name: /Reset your password/ }).first();
  await expect(citation).toHaveAttribute('href', `http://127.0.0.1:8787/docs/account/reset-password`);
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toBeVisible();
});

test('a question the docs do not cover gets "not sure" and the human offer', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('Does the editor support LaTeX math formulas?');
  await expect(widget.lastAnswer()).toContainText(/not sure/i);
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toHaveClass('primary');
  // It says so once, in its own words: no "check the sources" note on an answer that has none.
  await expect(widget.lastAnswer().locator('.note, .sources')).toHaveCount(0);
});

test('a low-confidence answer is shown as such, with its sources, and the human offer comes first', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('Can I use emoji in titles?');
  const answer = widget.lastAnswer();
  await expect(answer).not.toHaveAttribute('data-state', 'streaming');
  await expect(answer.locator('.note')).toHaveText("I'm not fully sure about this. Check the sources or talk to a human.");
  await expect(answer.locator('.sources li').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toHaveClass('primary');
  // A confident answer has neither.
  await widget.ask('How long is the password reset link valid?');
  await expect(widget.lastAnswer()).toContainText('60 minutes');
  await expect(widget.lastAnswer().locator('.note')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Talk to a human' })).not.toHaveClass('primary');
});

test('below the confidence bar, the answer says it is not sure and lists the closest pages instead of quoting them', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('How do I change the font size?');
  const answer = widget.lastAnswer();
  await expect(answer).not.toHaveAttribute('data-state', 'streaming');
  await expect(answer).toContainText("I'm not sure our docs answer this");
  await expect(answer.locator('.sources li').first()).toBeVisible();
  // "Not sure" says so in its own words: no second "not fully sure" note.
  await expect(answer.locator('.note')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Talk to a human' })).toHaveClass('primary');
});

test('a greeting gets a greeting back, not a search of the docs, and the human button stays where it was', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('Hi there!');
  const answer = widget.lastAnswer();
  await expect(answer).toHaveAttribute('data-state', 'done');
  await expect(answer.locator('p')).toHaveText('Hi! What can I help you with? A person is always one click away too.');
  await expect(answer.locator('.sources, .note')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Talk to a human' })).not.toHaveClass('primary');
});

test('a refund request gets no AI answer: the hand-over is said once and the human form opens as the primary action', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('I want a refund for last month');
  const answer = widget.lastAnswer();
  await expect(answer).not.toHaveAttribute('data-state', 'streaming');
  // The stream sends the hand-over as an escalation event and as the answer's text: the bubble shows it once.
  await expect(answer.locator('p')).toHaveText("This is something a person from our team should handle, so I won't answer it myself. Leave your details and they'll continue this conversation, with everything you've written so far.");
  await expect(page.getByRole('form', { name: 'Talk to a human' })).toBeVisible();
  // The form's own button is the primary action, and the one human control while it is open.
  await expect(page.getByRole('button', { name: 'Send to a human' })).toHaveClass('primary');
  await expect(page.locator('.bar button')).toHaveCount(0);
  // Back in the chat, the human button is the primary action.
  await page.getByRole('button', { name: 'Back to chat' }).click();
  await expect(page.locator('.bar button')).toHaveClass('primary');
});

test('"Talk to a human" records a handoff and the webhook receives the whole transcript', async ({ widget, page }) => {
  await widget.open();
  await widget.ask('How many devices can I sync on the free plan?');
  await expect(widget.lastAnswer()).toContainText(/3 devices|three devices/i);
  const reference = await widget.handoff({ name: 'Ada Lovelace', email: 'ada@example.com', note: 'I need a fourth device for work.' });

  await expect.poll(async () => (await webhookDeliveries()).length).toBe(1);
  const [delivery] = await webhookDeliveries();
  expect(delivery?.signatureValid).toBe(true);
  const packet = delivery?.body as { reference: string; contact: { email: string }; transcript: { role: string; text: string }[] };
  expect(packet.reference).toBe(reference);
  expect(packet.contact.email).toBe('ada@example.com');
  expect(packet.transcript[0]).toMatchObject({ role: 'visitor', text: 'How many devices can I sync on the free plan?' });
  expect(packet.transcript[1]?.role).toBe('assistant');
});

test('with a model configured, the real openai SDK generates the answer and it cites the right page', async ({ widget }) => {
  await widget.open(E2E.generativeOrigin);
  await widget.ask('What is the keyboard shortcut to search all my notes?');
  const answer = widget.lastAnswer();
  await expect(answer).toContainText('According to the docs');
  await expect(answer.getByRole('link', { name: /Keyboard shortcuts/ }).first()).toHaveAttribute('href', 'http://127.0.0.1:8787/docs/keyboard-shortcuts');
  expect((await llmRequests()).length).toBe(1);
});

test('a message typed during a network failure is kept, marked, and sent on retry', async ({ widget, page }) => {
  await widget.open();
  await page.route('**/v1/chat', (route) => route.abort('internetdisconnected'));
  await widget.ask('How long is the password reset link valid?');
  const sent = page.locator('[data-role="visitor"]').last();
  await expect(sent).toContainText('How long is the password reset link valid?');
  await expect(sent).toContainText('Not sent.');
  await page.unroute('**/v1/chat');
  await sent.getByRole('button', { name: 'Retry' }).click();
  await expect(widget.lastAnswer()).toContainText('60 minutes');
  await expect(page.locator('[data-role="visitor"]')).toHaveCount(1);
});

test('Stop ends a streaming answer, keeps what arrived, and aborts the upstream LLM request', async ({ widget, page }) => {
  await fetch(`${E2E.openaiOrigin}/__scenario`, {
    method: 'POST',
    body: JSON.stringify({ reply: 'Press Ctrl+Shift+F to search all notes. '.repeat(20), chunkChars: 8, chunkDelayMs: 80 }),
  });
  await widget.open(E2E.generativeOrigin);
  await widget.ask('What is the keyboard shortcut to search all my notes?');
  await expect(widget.lastAnswer()).toContainText('Ctrl+Shift+F');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  const kept = (await widget.lastAnswer().textContent()) ?? '';
  expect(kept).toContain('Ctrl+Shift+F');
  await expect
    .poll(async () => ((await llmRequests()) as { aborted: boolean }[]).at(-1)?.aborted, { message: 'the worker aborts the upstream request' })
    .toBe(true);
  const [request] = (await llmRequests()) as { chunksSent: number }[];
  expect(request?.chunksSent).toBeLessThan(100);
});
