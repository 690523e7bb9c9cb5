/**
 * Hostile hosts: pages whose own CSS is aggressive. The widget must look the
 * same as on the plain page (screenshots of the launcher and the open panel
 * against one committed baseline, small pixel tolerance), still work, and leave
 * the host's own look untouched (host screenshot with and without the widget).
 * Baselines: e2e/embed-hostile.spec.ts-snapshots/, refreshed with --update-snapshots.
 */
import type { Page } from '@playwright/test';
import { E2E, hostPage } from './ports';
import { expect, resetDoubles, test } from './fixtures';

test.beforeEach(resetDoubles);
test.use({ viewport: { width: 900, height: 760 } });

const PAGES = ['basic.html', 'embed-hostile-bootstrap.html', 'embed-hostile-preflight.html', 'embed-hostile-all-unset.html', 'embed-hostile-font-size.html', 'embed-hostile-overlay.html'];
const tolerance = { maxDiffPixelRatio: 0.01 };
/** The host's content, away from the launcher's corner. */
const HOST_REGION = { x: 0, y: 0, width: 560, height: 400 };

async function hostShot(page: Page, name: string, withWidget: boolean) {
  await page.unroute('**/widget.js');
  if (!withWidget) await page.route('**/widget.js', (route) => route.abort());
  await page.goto(hostPage(E2E.extractiveOrigin, name));
  if (withWidget) await page.waitForFunction(() => !!document.querySelector('switchboard-widget')?.shadowRoot?.querySelector('.panel'));
  return page.screenshot({ clip: HOST_REGION, animations: 'disabled' });
}

for (const name of PAGES) {
  test(`on ${name} the widget looks and works the same and the host looks the same with it`, async ({ widget, page }) => {
    const without = await hostShot(page, name, false);
    const withIt = await hostShot(page, name, true);
    expect(withIt.equals(without), 'the host region is pixel-identical with and without the widget').toBe(true);

    // The widget's rounded corners show the page behind them: paint that white for the widget shots only.
    await page.evaluate(() => {
      for (const element of [document.documentElement, document.body]) element.style.setProperty('background', '#fff', 'important');
    });
    const launcher = page.getByRole('button', { name: 'Open chat' });
    await expect(launcher).toHaveScreenshot('launcher.png', tolerance);
    await launcher.click();
    const dialog = page.getByRole('dialog', { name: 'Lumen Help' });
    await expect(dialog).toBeVisible();
    // The launcher is on top: nothing of the host covers it.
    const box = (await launcher.boundingBox())!;
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.localName, [box.x + box.width / 2, box.y + box.height / 2])).toBe('switchboard-widget');
    await expect(dialog).toHaveScreenshot('panel.png', tolerance);

    await widget.ask('How long is the password reset link valid?');
    await expect(widget.lastAnswer()).toContainText('60 minutes');
  });
}
