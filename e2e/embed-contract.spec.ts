/**
 * The embed contract (issue 7): a launcher-only loader, a queued JS API, one
 * instance however often the snippet is pasted, no storage before the visitor
 * opens the chat, strict CSP, accessibility, mobile, languages, theming and
 * conversations that survive reloads, navigation and a second tab.
 */
import AxeBuilder from '@axe-core/playwright';
import { devices, type Page } from '@playwright/test';
import { E2E, hostPage } from './ports';
import { expect, resetDoubles, test } from './fixtures';

test.beforeEach(resetDoubles);

const launcher = (page: Page, name = 'Open chat') => page.getByRole('button', { name });
const panelLoaded = (page: Page) => page.waitForFunction(() => !!document.querySelector('switchboard-widget')?.shadowRoot?.querySelector('.panel'));

async function storageState(page: Page) {
  return page.evaluate(async () => ({
    cookie: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
  }));
}

async function axe(page: Page) {
  const result = await new AxeBuilder({ page }).include('switchboard-widget').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.failureSummary}`).join(', ')}`);
}

test('API calls made before the panel loads are queued and replayed; on() reports open, close and message', async ({ widget, page }) => {
  await page.addInitScript(() => {
    (window as unknown as { seen: string[] }).seen = [];
  });
  await page.goto(hostPage(E2E.extractiveOrigin));
  await page.waitForFunction(() => !!window.Switchboard);
  // The panel chunk may not be there yet: these must wait for it, in order.
  await page.evaluate(() => {
    const seen = (window as unknown as { seen: string[] }).seen;
    for (const event of ['open', 'close', 'message', 'handoff', 'feedback'] as const) window.Switchboard!.on(event, () => seen.push(event));
    window.Switchboard!.open();
  });
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.evaluate(() => window.Switchboard!.toggle());
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.evaluate(() => window.Switchboard!.toggle());
  await widget.ask('How long is the password reset link valid?');
  await expect(widget.lastAnswer()).toHaveAttribute('data-state', 'done');
  await page.evaluate(() => window.Switchboard!.close());
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['open', 'close', 'open', 'message', 'message', 'close']);
  await page.evaluate(() => window.Switchboard!.reset());
  await page.evaluate(() => window.Switchboard!.open());
  await expect(page.locator('[data-role]')).toHaveCount(0);
});

test('a double-included snippet makes one widget, with the first options, and no errors', async ({ widget, page }) => {
  await page.goto(hostPage(E2E.extractiveOrigin, 'embed-double.html'));
  await panelLoaded(page);
  await expect(page.locator('switchboard-widget')).toHaveCount(1);
  await launcher(page).click();
  await expect(page.getByRole('dialog', { name: 'First' })).toBeVisible();
  void widget;
});

test('the loader draws only the launcher, loads the panel on intent or idle, and stores nothing until the chat is opened', async ({ widget, page, context }) => {
  const scripts: string[] = [];
  page.on('request', (request) => request.resourceType() === 'script' && scripts.push(new URL(request.url()).pathname));
  await page.goto(hostPage(E2E.extractiveOrigin));
  await expect(launcher(page)).toBeVisible();
  expect(scripts[0]).toBe('/widget.js');
  expect(await storageState(page)).toEqual({ cookie: '', local: 0, session: 0, databases: 0 });
  await launcher(page).hover();
  await panelLoaded(page);
  expect(scripts).toEqual(['/widget.js', '/widget-panel.en.js']);
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(await storageState(page)).toEqual({ cookie: '', local: 0, session: 0, databases: 0 });
  expect(await context.cookies()).toEqual([]);

  await launcher(page).click();
  await widget.ask('How long is the password reset link valid?');
  await expect(widget.lastAnswer()).toContainText('60 minutes');
  // The Markdown renderer and the handoff form load on the first open; ratings and the survey only on a first rating.
  expect(scripts).toEqual(['/widget.js', '/widget-panel.en.js', '/widget-render.en.js', '/widget-handoff.en.js']);
  await widget.lastAnswer().getByRole('button', { name: 'Helpful', exact: true }).click();
  await expect(page.getByRole('form', { name: 'How did we do?' })).toBeVisible();
  expect(scripts).toEqual(['/widget.js', '/widget-panel.en.js', '/widget-render.en.js', '/widget-handoff.en.js', '/widget-feedback.en.js']);
  // Once opened, the conversation token is kept so it survives a reload; still no cookies anywhere.
  expect((await storageState(page)).local).toBeGreaterThan(0);
  expect(await context.cookies()).toEqual([]);
});

test('a strict CSP (script-src and connect-src for the worker only, no unsafe-inline or unsafe-eval) is enough', async ({ widget, page }) => {
  const violations: string[] = [];
  page.on('console', (message) => /Content Security Policy|Refused to/.test(message.text()) && violations.push(message.text()));
  const response = await page.goto(hostPage(E2E.extractiveOrigin, 'basic.html', '&csp=strict'));
  const policy = (await response!.allHeaders())['content-security-policy']!;
  expect(policy).toContain(`script-src ${E2E.extractiveOrigin};`);
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  await launcher(page).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect(page.locator('.panel')).toHaveCSS('position', 'fixed');
  await widget.ask('How long is the password reset link valid?');
  await expect(widget.lastAnswer()).toContainText('60 minutes');
  expect(violations).toEqual([]);
});

test('data-nonce styles the widget where adoptedStyleSheets is missing and only nonced styles are allowed', async ({ widget, page }) => {
  await page.addInitScript(() => {
    delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
  });
  const violations: string[] = [];
  page.on('console', (message) => /Content Security Policy|Refused to/.test(message.text()) && violations.push(message.text()));
  await widget.open(E2E.extractiveOrigin, 'embed-nonce.html', '&csp=nonce');
  await expect(page.locator('.panel')).toHaveCSS('position', 'fixed');
  await expect(page.locator('.launcher')).toHaveCSS('border-radius', '50%');
  expect(await page.locator('switchboard-widget').evaluate((host) => [...host.shadowRoot!.querySelectorAll('style')].map((style) => style.nonce))).toEqual(['e2e-nonce', 'e2e-nonce']);
  expect(violations).toEqual([]);
});

test('axe finds no violations closed, open, streaming and on the handoff form; announcements are not token by token', async ({ widget, page }) => {
  await fetch(`${E2E.openaiOrigin}/__scenario`, { method: 'POST', body: JSON.stringify({ chunkDelayMs: 200 }) });
  await page.goto(hostPage(E2E.generativeOrigin));
  await panelLoaded(page);
  expect(await axe(page)).toEqual([]);
  await launcher(page).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await axe(page)).toEqual([]);
  await widget.ask('What is the keyboard shortcut to search all my notes?');
  const answer = widget.lastAnswer();
  await expect(answer).toHaveAttribute('data-state', 'streaming');
  await expect(answer).not.toHaveText(/^\s*Assistant:\s*$/);
  expect(await axe(page)).toEqual([]);
  // Mid-stream the polite live region has not been fed the partial answer.
  const live = page.locator('[aria-live="polite"]');
  expect(await live.textContent()).toBe('');
  await expect(answer).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(live).toContainText('According to the docs');
  await page.getByRole('button', { name: 'Talk to a human' }).click();
  await expect(page.getByRole('textbox', { name: 'Name' })).toBeFocused();
  expect(await axe(page)).toEqual([]);
});

test('keyboard: Tab reaches the launcher, Enter opens with focus inside, Escape closes and focus returns to the launcher', async ({ widget, page }) => {
  await page.goto(hostPage(E2E.extractiveOrigin));
  await panelLoaded(page);
  await page.keyboard.press('Tab');
  await expect(launcher(page)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(launcher(page)).toBeFocused();
  await expect(launcher(page)).toHaveAttribute('aria-expanded', 'false');
  void widget;
});

test('prefers-reduced-motion turns the animation off; prefers-color-scheme dark gives the dark theme', async ({ widget, page }) => {
  await widget.open();
  await expect(page.locator('.panel')).toHaveCSS('animation-name', 'in');
  await expect(page.locator('.panel')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: 'dark' });
  await expect(page.locator('.panel')).toHaveCSS('animation-name', 'none');
  await expect(page.locator('.panel')).toHaveCSS('background-color', 'rgb(27, 29, 33)');
  expect(await axe(page)).toEqual([]);
});

test('data-* attributes override /v1/config, and the text on the accent colour stays readable', async ({ page }) => {
  await page.goto(hostPage(E2E.extractiveOrigin));
  await launcher(page).click();
  const fromConfig = await page.locator('.launcher').evaluate((element) => getComputedStyle(element).backgroundColor);
  await expect(page.getByRole('dialog', { name: 'Lumen Help' })).toBeVisible();

  await page.goto(hostPage(E2E.extractiveOrigin, 'embed-theme.html'));
  await launcher(page).click();
  await expect(page.getByRole('dialog', { name: 'Yellow help' })).toBeVisible();
  await expect(page.getByText('Howdy')).toBeVisible();
  await expect(page.locator('.launcher')).toHaveCSS('background-color', 'rgb(255, 224, 102)');
  // Pale accent: the header text turns near-black to keep AA contrast.
  await expect(page.locator('header')).toHaveCSS('color', 'rgb(17, 17, 17)');
  expect((await page.locator('.launcher').boundingBox())!.x).toBeLessThan(100);
  expect(fromConfig).not.toBe('rgb(255, 224, 102)');
  expect(await axe(page)).toEqual([]);
});

test('the launcher icon comes from /v1/config once the panel loads, and data-launcher-icon overrides it', async ({ page }) => {
  // The rollout worker sets WIDGET_LAUNCHER_ICON=🛟; the others keep the chat bubble.
  await page.goto(hostPage(E2E.extractiveOrigin));
  await expect(launcher(page).locator('svg')).toBeAttached();
  await page.goto(hostPage(E2E.rolloutOrigin));
  await launcher(page).hover();
  await expect(launcher(page)).toHaveText('🛟');
  await expect(launcher(page).locator('svg')).toHaveCount(0);
  const config = page.waitForResponse((response) => response.url().includes('/v1/config'));
  await page.goto(hostPage(E2E.rolloutOrigin, 'embed-theme.html'));
  await expect(launcher(page)).toHaveText('⭐');
  await launcher(page).hover();
  expect(((await (await config).json()) as { launcherIcon?: string }).launcherIcon).toBe('🛟');
  await launcher(page).click();
  await expect(page.getByRole('dialog', { name: 'Yellow help' })).toBeVisible();
  await expect(launcher(page)).toHaveText('⭐');
  expect(await axe(page)).toEqual([]);
});

test('Arabic from data-lang is right-to-left; German from the browser; the visitor language goes to the worker', async ({ browser }) => {
  const german = await browser.newContext({ locale: 'de-DE' });
  const page = await german.newPage();
  const bodies: string[] = [];
  page.on('request', (request) => request.url().endsWith('/v1/chat') && bodies.push(request.postData() ?? ''));
  const config = page.waitForResponse((response) => response.url().includes('/v1/config'));
  await page.goto(hostPage(E2E.extractiveOrigin));
  await launcher(page, 'Chat öffnen').click();
  await expect(page.getByRole('dialog')).toHaveAttribute('lang', 'de');
  // The site set no wording of its own, so /v1/config sends none: the human button speaks German after it arrived too.
  await (await config).finished();
  await expect(page.getByRole('button', { name: 'Mit einem Menschen sprechen' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Nachricht' }).fill('Wie lange gilt der Link?');
  await page.getByRole('button', { name: 'Senden' }).click();
  await expect.poll(() => bodies.length).toBe(1);
  expect(JSON.parse(bodies[0]!).lang).toBe('de-DE');
  await german.close();

  const arabic = await browser.newContext({ locale: 'en-US' });
  const rtl = await arabic.newPage();
  await rtl.goto(hostPage(E2E.extractiveOrigin, 'embed-rtl.html'));
  await launcher(rtl, 'فتح المحادثة').click();
  const dialog = rtl.getByRole('dialog');
  await expect(dialog).toHaveAttribute('dir', 'rtl');
  await expect(rtl.getByRole('button', { name: 'إرسال' })).toBeVisible();
  await expect(rtl.locator('.composer')).toHaveCSS('direction', 'rtl');
  // An answer from English docs reads left to right inside the Arabic panel; the panel's own words stay right to left.
  await rtl.getByRole('textbox', { name: 'الرسالة' }).fill('How long is the password reset link valid?');
  await rtl.getByRole('button', { name: 'إرسال' }).click();
  const answer = rtl.locator('[data-role="assistant"]').last();
  await expect(answer).toContainText('60 minutes');
  await expect(answer.locator('ol').first()).toHaveCSS('direction', 'ltr');
  await expect(answer.locator('.sources ol')).toHaveCSS('direction', 'ltr');
  await expect(answer.locator('.sources')).toHaveCSS('direction', 'rtl');
  await arabic.close();
});

test('on a phone the panel is full-screen, the input is 16px or more, and the panel follows the visual viewport', async ({ browser }) => {
  const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'];
  const phone = await browser.newContext(pixel);
  const page = await phone.newPage();
  await page.goto(hostPage(E2E.extractiveOrigin));
  await launcher(page).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const viewport = page.viewportSize()!;
  const box = (await dialog.boundingBox())!;
  // Sub-pixel offsets come from layout rounding, not from a visible gap.
  expect([Math.round(box.x), Math.round(box.y), Math.round(box.width), Math.round(box.height)]).toEqual([0, 0, viewport.width, viewport.height]);
  const fontSize = await page.locator('#sb-input').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(16);
  // The panel is sized from visualViewport, so an on-screen keyboard (which shrinks it) never hides the input.
  const sized = await page.locator('switchboard-widget').evaluate((host) => [host.style.getPropertyValue('--sb-vh'), `${visualViewport!.height}px`]);
  expect(sized[0]).toBe(sized[1]);
  const input = (await page.locator('#sb-input').boundingBox())!;
  expect(input.y + input.height).toBeLessThanOrEqual(viewport.height);
  await phone.close();
});

test('the conversation survives a reload, navigation to another page, and a second tab', async ({ widget, page, context }) => {
  await widget.open();
  await widget.ask('How long is the password reset link valid?');
  await expect(widget.lastAnswer()).toContainText('60 minutes');

  await page.reload();
  await launcher(page).click();
  await expect(widget.lastAnswer()).toContainText('60 minutes');
  await expect(page.locator('[data-role="visitor"]')).toContainText('password reset link');

  await page.goto(hostPage(E2E.extractiveOrigin, 'embed-next.html'));
  await launcher(page).click();
  await expect(widget.lastAnswer()).toContainText('60 minutes');

  const second = await context.newPage();
  await second.goto(hostPage(E2E.extractiveOrigin));
  await launcher(second).click();
  await expect(second.locator('[data-role="assistant"]').last()).toContainText('60 minutes');
  await second.close();
});
