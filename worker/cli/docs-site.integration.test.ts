import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_TEXT, DISALLOWED_PREFIX, cypressKbPresent, startDocsSite, type DocsSite } from '../../test/docs-site';
import { readDocsSite, type SiteResult } from './docs-site';

// The loopback site is built from ../shared/kb/cypress-docs; without it there is nothing to crawl.
describe.skipIf(!cypressKbPresent())('crawling the loopback docs site', () => {
  let site: DocsSite;
  let result: SiteResult;

  beforeAll(async () => {
    site = await startDocsSite({ port: 9751, crawlDelay: 0 });
    result = await readDocsSite(site.url);
  }, 120_000);
  afterAll(() => site?.close());

  it('reads every page the sitemap lists', () => {
    expect(result.discovery).toBe('sitemap');
    expect(result.pages).toBe(site.paths.filter((path) => !path.startsWith(DISALLOWED_PREFIX)).length);
  });

  it('never fetches, indexes or cites a page robots.txt disallows', () => {
    expect(site.requests.filter((request) => request.path.startsWith(DISALLOWED_PREFIX))).toEqual([]);
    expect(result.chunks.filter((chunk) => new URL(chunk.url).pathname.startsWith(DISALLOWED_PREFIX))).toEqual([]);
    expect(result.skippedPages.filter((page) => page.reason === 'disallowed by robots.txt')).toHaveLength(3);
  });

  it('keeps the chrome out of every chunk', () => {
    for (const chunk of result.chunks) for (const chrome of CHROME_TEXT) expect(chunk.text, chunk.url).not.toContain(chrome);
  });

  it('lists the 404 and the 500, skips the PDF, and folds the redirect into its target', () => {
    expect(result.failures.map((failure) => `${failure.status} ${new URL(failure.url).pathname}`).sort()).toEqual(['404 /missing-page', '500 /broken']);
    expect(result.skippedPages.map((page) => `${new URL(page.url).pathname}: ${page.reason.split(' (')[0]}`)).toEqual(
      expect.arrayContaining(['/assets/cheatsheet.pdf: not HTML', `/guides/install: duplicate of ${new URL('/app/get-started/install-cypress', site.url).href}`]),
    );
  });

  it('cites the canonical URL and the section anchor the page has', () => {
    const section = result.chunks.find((chunk) => chunk.pageId === 'app/get-started/install-cypress' && chunk.section !== '');
    expect(section?.url).toMatch(new RegExp(`^${site.url}app/get-started/install-cypress#[\\w-]+$`));
    expect(result.chunks.find((chunk) => chunk.pageId === 'app/get-started/install-cypress')?.title).toBe('Install using npm, Yarn, pnpm, or Bun');
  });
});
