/**
 * Crawls a docs site into the chunks a docs folder gives, as a resumable job:
 * startCrawl discovers the pages, crawlStep reads them (all of them for the
 * CLI, a budget of them per cron invocation in the Worker). A page the
 * previous run read is asked for conditionally (If-None-Match /
 * If-Modified-Since); a 304 reuses its chunks. No Node APIs: the Worker runs it.
 *
 * Libraries, and why:
 * - robots-parser: a maintained robots.txt parser (user-agent groups, Allow/Disallow
 *   precedence, wildcards, Crawl-delay, Sitemap lines); robots rules have edge cases not worth redoing.
 * - picomatch: the glob matcher behind most Node tooling, for --include / --exclude.
 * (page-extract.ts names the extraction libraries.)
 */
import { parseHTML } from 'linkedom';
import picomatch from 'picomatch';
import robotsParser from 'robots-parser';
import { chunkPage, contentHash, parsePage, type Chunk } from '../retrieval/markdown-chunker';
import type { CrawlJob, CrawlState, PageState } from './crawl-state';
import { extractPage, normaliseHeading, type PageDocument } from './page-extract';
import { politeFetch, USER_AGENT } from './polite-fetch';

export { USER_AGENT } from './polite-fetch';

export const DEFAULT_MAX_PAGES = 2000;

/** A start URL that is not one, or a site with nothing to read. */
export class CrawlError extends Error {}

export interface CrawlOptions {
  product?: string;
  /** Use each page's first path segment under the start path as its product. */
  productFromPath?: boolean;
  include?: string[];
  exclude?: string[];
  maxPages?: number;
}

export interface StepOptions {
  concurrency?: number;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** Stop after this many page requests (the Worker's subrequest budget); the rest stays queued. */
  budget?: number;
  /** A page read (or reused): its state, and its chunks unless they were reused. */
  onPage?: (page: { href: string; state: PageState; chunks?: Chunk[]; bytes?: number }) => void;
  onProgress?: (progress: { done: number; queued: number; failed: number }) => void;
  /** How a page's HTML is read (readHtml, in this thread, unless given): the CLI reads pages on worker threads. */
  read?: (body: string, finalUrl: string, withLinks: boolean) => ReadHtml | Promise<ReadHtml>;
}

/** What the crawl needs of a page's HTML; plain data, so another thread can produce it. */
export interface ReadHtml {
  /** Absolute hrefs of its links (asked for only when discovering by links). */
  links: string[];
  /** Its canonical URL (see canonicalOf). */
  canonical: string;
  page?: { title: string; markdown: string; headingIds: [string, string][] };
}

/** Parse one page once: its links, its canonical URL and its main content (page-extract.ts). */
export function readHtml(body: string, finalUrl: string, withLinks: boolean): ReadHtml {
  const base = new URL(finalUrl);
  const { document } = parseHTML(body);
  const links: string[] = [];
  if (withLinks) {
    for (const link of document.querySelectorAll('a[href]')) {
      try {
        links.push(new URL(link.getAttribute('href')!, base).href);
      } catch {
        // An unparseable href is not a page.
      }
    }
  }
  const canonical = canonicalOf(document, base).href;
  const page = extractPage(document, canonical);
  return { links, canonical, ...(page ? { page: { title: page.title, markdown: page.markdown, headingIds: [...page.headingIds] } } : {}) };
}

/** The path a page id is made of: `/app/faq/` → `app/faq`, `/` → `index`. */
export function pageIdOf(url: URL): string {
  return url.pathname.replace(/^\/+|\/+$/g, '').replace(/\.html?$/i, '') || 'index';
}

function rulesOf(job: CrawlJob) {
  const robotsUrl = new URL('/robots.txt', job.start).href;
  const robots = robotsParser(robotsUrl, job.robotsTxt);
  const startUrl = new URL(job.start);
  const include = job.include?.length ? picomatch(job.include) : undefined;
  const exclude = job.exclude?.length ? picomatch(job.exclude) : undefined;
  const inScope = (url: URL) => {
    if (url.origin !== startUrl.origin || !url.pathname.startsWith(job.prefix)) return false;
    const path = url.pathname;
    if (include && !include(path) && !include(path.replace(/^\//, ''))) return false;
    if (exclude && (exclude(path) || exclude(path.replace(/^\//, '')))) return false;
    return true;
  };
  return { robots, inScope, allowed: (url: URL) => robots.isAllowed(url.href, USER_AGENT) !== false, delayMs: (robots.getCrawlDelay(USER_AGENT) ?? 0) * 1000 };
}

/** Queue a URL once, when in scope; a disallowed one is listed as skipped, never fetched. */
function enqueue(job: CrawlJob, rules: ReturnType<typeof rulesOf>, seen: Set<string>, href: string): void {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return;
  }
  url.hash = '';
  if (seen.has(url.href) || !rules.inScope(url)) return;
  seen.add(url.href);
  job.seen.push(url.href);
  if (!rules.allowed(url)) return void job.skippedPages.push({ url: url.href, reason: 'disallowed by robots.txt' });
  if (job.queue.length + job.done >= job.maxPages) return;
  job.queue.push(url.href);
}

/** robots.txt and the sitemaps (robots.txt's Sitemap: lines, else /sitemap.xml, indexes followed): the job's queue. */
export async function startCrawl(start: string, options: CrawlOptions = {}, previous: CrawlState = {}, timeoutMs = 15_000): Promise<CrawlJob> {
  let startUrl: URL;
  try {
    startUrl = new URL(start);
  } catch {
    throw new CrawlError(`not a URL: ${start}`);
  }
  if (!/^https?:$/.test(startUrl.protocol)) throw new CrawlError(`not an http(s) URL: ${start}`);
  const get = politeFetch(0, timeoutMs);
  const robotsResponse = await get(new URL('/robots.txt', startUrl).href);
  const job: CrawlJob = {
    version: 1,
    start: startUrl.href,
    prefix: startUrl.pathname.endsWith('/') ? startUrl.pathname : startUrl.pathname.replace(/[^/]*$/, ''),
    startedAt: new Date().toISOString(),
    discovery: 'links',
    robotsTxt: robotsResponse.status === 200 ? robotsResponse.body : '',
    maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
    ...(options.include?.length ? { include: options.include } : {}),
    ...(options.exclude?.length ? { exclude: options.exclude } : {}),
    ...(options.product ? { product: options.product } : {}),
    ...(options.productFromPath ? { productFromPath: true } : {}),
    queue: [],
    seen: [],
    done: 0,
    previous,
    next: {},
    changes: {},
    failures: [],
    skippedPages: [],
  };
  const rules = rulesOf(job);
  const sitemapQueue = rules.robots.getSitemaps().length ? rules.robots.getSitemaps() : [new URL('/sitemap.xml', startUrl).href];
  const seenSitemaps = new Set<string>();
  const fromSitemaps: string[] = [];
  while (sitemapQueue.length && seenSitemaps.size < 50) {
    const sitemap = sitemapQueue.shift()!;
    if (seenSitemaps.has(sitemap)) continue;
    seenSitemaps.add(sitemap);
    const response = await get(sitemap);
    if (response.status !== 200) continue;
    const locs = [...response.body.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((match) => decodeXml(match[1]!));
    if (/<sitemapindex[\s>]/.test(response.body)) sitemapQueue.push(...locs);
    else fromSitemaps.push(...locs);
  }
  job.discovery = fromSitemaps.length ? 'sitemap' : 'links';
  const seen = new Set<string>();
  for (const href of fromSitemaps.length ? fromSitemaps : [startUrl.href]) enqueue(job, rules, seen, href);
  return job;
}

/** Read queued pages (up to the budget); true when the queue is empty and the crawl is finished. */
export async function crawlStep(job: CrawlJob, options: StepOptions = {}): Promise<boolean> {
  const rules = rulesOf(job);
  const get = politeFetch(rules.delayMs, options.timeoutMs ?? 15_000);
  const seen = new Set(job.seen);
  const canonicals = new Set(Object.values(job.next).map((page) => page.url));
  const hashes = new Set(Object.values(job.next).filter((page) => !page.skipped).map((page) => page.hash));
  const concurrency = options.concurrency ?? 4;
  let budget = options.budget ?? Infinity;
  let active = 0;

  const keep = (href: string, prior: PageState) => {
    if (prior.skipped) job.skippedPages.push({ url: href, reason: prior.skipped });
    else {
      canonicals.add(prior.url);
      hashes.add(prior.hash);
    }
    job.next[href] = prior;
    options.onPage?.({ href, state: prior });
  };

  const visit = async (href: string) => {
    const prior = job.previous[href];
    const conditional: Record<string, string> = {};
    if (prior?.etag) conditional['if-none-match'] = prior.etag;
    if (prior?.lastModified) conditional['if-modified-since'] = prior.lastModified;
    const response = await get(href, conditional);
    if (response.status === 304 && prior) {
      if (!prior.skipped) job.changes[href] = 'unchanged';
      return keep(href, prior);
    }
    if (response.status === 0 || response.status >= 400) {
      job.failures.push({ url: href, status: response.error ?? response.status });
      // A page that is gone leaves the index; one that failed for now keeps what it had.
      if (prior && response.status !== 404 && response.status !== 410) keep(href, prior);
      return;
    }
    const validators = { ...(response.etag ? { etag: response.etag } : {}), ...(response.lastModified ? { lastModified: response.lastModified } : {}) };
    const skip = (reason: string, url = href) => {
      job.skippedPages.push({ url: href, reason });
      job.next[href] = { url, pageId: '', hash: '', chunkIds: [], skipped: reason, ...validators };
    };
    const finalUrl = new URL(response.url);
    if (finalUrl.origin !== new URL(job.start).origin) return void job.skippedPages.push({ url: href, reason: `redirected off the origin to ${finalUrl.href}` });
    if (!/^(text\/html|application\/xhtml\+xml)/i.test(response.type)) return skip(`not HTML (${response.type || 'no type'})`);
    const read = await (options.read ?? readHtml)(response.body, finalUrl.href, job.discovery === 'links');
    for (const link of read.links) enqueue(job, rules, seen, link);
    const pageUrl = new URL(read.canonical);
    if (canonicals.has(pageUrl.href)) return skip(`duplicate of ${pageUrl.href}`, pageUrl.href);
    canonicals.add(pageUrl.href);
    if (!read.page) return skip('no main content', pageUrl.href);
    const page = { ...read.page, headingIds: new Map(read.page.headingIds) };
    const hash = contentHash(page.markdown);
    if (hashes.has(hash)) return skip('same content as another page', pageUrl.href);
    hashes.add(hash);
    const pageId = pageIdOf(pageUrl);
    const relative = pageUrl.pathname.slice(job.prefix.length).replace(/^\/+/, '');
    const product = job.productFromPath && relative.includes('/') ? relative.split('/')[0] : job.product;
    const parsed = parsePage(page.markdown, 'markdown', page.title);
    const chunks = chunkPage(parsed, { pageId, url: pageUrl.href, ...(product ? { product } : {}) }).map((chunk) => {
      // Cite the section the page itself anchors: the id of the chunk's deepest heading.
      const heading = chunk.section.split(' > ').at(-1);
      const id = heading ? page.headingIds.get(normaliseHeading(heading)) : undefined;
      return id ? { ...chunk, url: `${pageUrl.href}#${id}` } : chunk;
    });
    const state: PageState = { url: pageUrl.href, pageId, hash, chunkIds: chunks.map((chunk) => chunk.id), links: parsed.links, ...validators };
    job.changes[href] = !prior || prior.skipped ? 'added' : prior.hash === hash ? 'unchanged' : 'changed';
    job.next[href] = state;
    options.onPage?.({ href, state, chunks, bytes: response.body.length });
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      while (active < concurrency && job.queue.length && budget > 0) {
        const href = job.queue.shift()!;
        active++;
        budget--;
        void visit(href)
          .catch((error: Error) => void job.failures.push({ url: href, status: error.message }))
          .finally(() => {
            active--;
            job.done++;
            options.onProgress?.({ done: job.done, queued: job.queue.length + active, failed: job.failures.length });
            pump();
          });
      }
      if (active === 0 && (job.queue.length === 0 || budget <= 0)) resolve();
    };
    pump();
  });
  return job.queue.length === 0;
}

/** `<link rel="canonical">` on the same origin, else the final URL; without hash and query. */
function canonicalOf(document: PageDocument, finalUrl: URL): URL {
  let pageUrl = new URL(finalUrl.href);
  const canonicalHref = document.querySelector('link[rel="canonical"]')?.getAttribute('href');
  if (canonicalHref) {
    try {
      const canonical = new URL(canonicalHref, finalUrl);
      if (canonical.origin === finalUrl.origin) pageUrl = canonical;
    } catch {
      // A broken canonical falls back to the final URL.
    }
  }
  pageUrl.hash = '';
  pageUrl.search = '';
  return pageUrl;
}

function decodeXml(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}
