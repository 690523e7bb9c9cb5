/**
 * Browser cases of the reliability and security suite: hostile model output is
 * rendered inert by the real widget in Chromium, with no script run and no
 * request to an attacker's host. Two layers are proved separately:
 *   1. the worker's guardrails, with the generative worker streaming a hostile
 *      reply from the OpenAI double three characters at a time;
 *   2. the widget's own defence, with the worker's answer replaced (page.route)
 *      by a hostile stream the guardrails never saw, hostile source URLs included.
 */
import type { Page, Route } from '@playwright/test';
import { E2E } from './ports';
import { expect, resetDoubles, test } from './fixtures';

const ATTACKER = 'attacker.test';
const HOSTILE = [
  'Here is help for you.',
  `<script>window.__pwned='script'</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `<svg onload="window.__pwned='svg'"><circle r=1 /></svg>`,
  `<iframe src="javascript:window.__pwned='iframe'"></iframe>`,
  `[click me](javascript:window.__pwned='link') [data link](data:text/html,<script>parent.__pwned=1</script>) [vb link](vbscript:msgbox(1))`,
  `![pixel](http://${ATTACKER}/pixel.png) <img src="http://${ATTACKER}/raw.png"> <a href="javascript:window.__pwned='a'">raw anchor</a>`,
  `Read more at http://${ATTACKER}/phish and [here](http://${ATTACKER}/login).`,
  'Searching is Ctrl+Shift+F [1].',
].join(' ');

/** Record every request to the attacker's host and every dialog; fail on either. */
function watch(page: Page) {
  const attackerRequests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).hostname === ATTACKER) attackerRequests.push(request.url());
  });
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return { attackerRequests, dialogs };
}

async function expectInert(page: Page, watched: ReturnType<typeof watch>, answerText: RegExp) {
  const answer = page.locator('[data-role="assistant"]').last();
  await expect(answer).toContainText(answerText);
  await expect(answer).not.toHaveAttribute('data-state', 'streaming');
  // Give any injected handler a chance to fire.
  await page.waitForTimeout(300);
  // Our own feedback buttons draw their thumbs in SVG; nothing the answer renders is a button.
  expect(await answer.locator('script, img, svg:not(button > svg), iframe, object, embed, style, link, form, input').count()).toBe(0);
  const hrefs = await answer.locator('a').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
  for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|mailto:)/);
  const handlers = await answer.evaluate((element) => [...element.querySelectorAll('*')].flatMap((node) => [...node.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => attribute.name)));
  expect(handlers).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(watched.attackerRequests).toEqual([]);
  expect(watched.dialogs).toEqual([]);
}

test.beforeEach(resetDoubles);

test('layer 1: a hostile model reply, streamed 3 characters at a time, reaches the widget inert and without foreign links', async ({ widget, page }) => {
  const watched = watch(page);
  await fetch(`${E2E.openaiOrigin}/__scenario`, { method: 'POST', body: JSON.stringify({ reply: HOSTILE, chunkChars: 3 }) });
  await widget.open(E2E.generativeOrigin);
  await widget.ask('What is the keyboard shortcut to search all my notes?');
  await expectInert(page, watched, /Ctrl\+Shift\+F/);
  const text = (await widget.lastAnswer().textContent()) ?? '';
  // The guardrails removed every foreign URL before the widget saw it.
  expect(text).not.toContain(ATTACKER);
  // Raw HTML was shown as text, not dropped silently and not parsed.
  expect(text).toContain('<script>');
});

/** An SSE body in the worker's protocol, its text split into 3-character deltas. */
function hostileStream(text: string, sources: { n: number; title: string; url: string; kind: 'doc' }[]) {
  const events: unknown[] = [
    { type: 'start', conversationId: 'C'.repeat(22), conversationToken: 'T'.repeat(43), messageId: 'M'.repeat(16) },
    { type: 'sources', sources },
  ];
  for (let index = 0; index < text.length; index += 3) events.push({ type: 'text-delta', delta: text.slice(index, index + 3) });
  events.push({ type: 'finish', confidence: 'high', mode: 'generated' });
  return events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join('');
}

async function serveHostileChat(page: Page, body: string) {
  await page.route(`${E2E.extractiveOrigin}/v1/chat`, async (route: Route) => {
    const cors = { 'access-control-allow-origin': E2E.hostOrigin, 'access-control-allow-headers': 'content-type, x-conversation-token, x-switchboard-protocol', 'access-control-allow-methods': 'POST, OPTIONS' };
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    return route.fulfill({ status: 200, headers: { ...cors, 'content-type': 'text/event-stream', 'x-switchboard-protocol': '1' }, body });
  });
}

test('layer 2: the widget alone renders an unguarded hostile stream inert, hostile source URLs included', async ({ widget, page }) => {
  const watched = watch(page);
  const sources = [
    { n: 1, title: 'Keyboard shortcuts', url: 'javascript:window.__pwned="source"', kind: 'doc' as const },
    { n: 2, title: 'Data page', url: 'data:text/html,<script>parent.__pwned=1</script>', kind: 'doc' as const },
    { n: 3, title: 'VB page', url: 'vbscript:msgbox(1)', kind: 'doc' as const },
  ];
  await serveHostileChat(page, hostileStream(`${HOSTILE} Also [2] and [3].`, sources));
  await widget.open(E2E.extractiveOrigin);
  await widget.ask('What is the keyboard shortcut to search all my notes?');
  // Links to the attacker's http URL may exist as links (never fetched); everything else must be inert.
  const answer = widget.lastAnswer();
  await expect(answer).toContainText(/Ctrl\+Shift\+F/);
  await expect(answer).not.toHaveAttribute('data-state', 'streaming');
  // The hostile stream, not the real worker, answered: its raw HTML and attacker URLs are on screen as text.
  await expect(answer).toContainText('<iframe src="javascript:');
  await expect(answer).toContainText(ATTACKER);
  await page.waitForTimeout(300);
  expect(await answer.locator('script, img, svg:not(button > svg), iframe, object, embed, style, link, form, input').count()).toBe(0);
  const hrefs = await page.locator('[data-role="assistant"] a, [data-role="assistant"] ~ * a').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href') ?? ''));
  for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:)/);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(watched.attackerRequests).toEqual([]);
  expect(watched.dialogs).toEqual([]);
  // Clicking every link in the answer runs nothing either.
  for (const link of await answer.locator('a').all()) await link.click({ modifiers: ['ControlOrMeta'] }).catch(() => undefined);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
});

test('control characters a visitor types are shown as inert text in the widget', async ({ widget, page }) => {
  await widget.open();
  const hostile = 'Reset\u200b my pass\u202eword\u0000 \u001b[31mnow\u001b[0m?';
  await widget.ask(hostile);
  const bubble = page.locator('[data-role="visitor"]').last();
  await expect(bubble).toContainText('now');
  const shown = (await bubble.textContent()) ?? '';
  expect(shown).toContain('\u202e');
  expect(shown).toContain('\u001b[31m');
  expect(await bubble.locator('*:not(p):not(span):not(div)').count()).toBe(0);
  await expect(widget.lastAnswer()).not.toHaveAttribute('data-state', 'streaming');
});
