/**
 * Reads a docs site from its URL into the same chunks a docs folder gives
 * (FolderResult), so ingest and the retrieval eval index a site exactly as a folder.
 *
 * Libraries, and why:
 * - robots-parser: a maintained robots.txt parser (user-agent groups, Allow/Disallow
 *   precedence, wildcards, Crawl-delay, Sitemap lines); robots rules have edge cases not worth redoing.
 * - linkedom: a fast DOM without a browser, enough for Readability; jsdom is ~10× slower to parse.
 * - @mozilla/readability: Firefox Reader View's main-content extraction, so site chrome
 *   (nav, sidebars, footers, cookie banners, "edit this page") stays out of the index.
 * - turndown: HTML → Markdown (with fenced code blocks) so the heading-aware chunker does the rest;
 *   tables are turned into Markdown tables here (turndown's GFM plugin is unmaintained).
 * - picomatch: the glob matcher behind most Node tooling, for --include / --exclude.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import picomatch from 'picomatch';
import robotsParser from 'robots-parser';
import TurndownService from 'turndown';
import { collectAnchors, type LinkingPage } from '../src/retrieval/anchor-text';
import { chunkPage, contentHash, parsePage, type Chunk } from '../src/retrieval/markdown-chunker';
import { CliError } from './args';
import type { FolderResult } from './docs-folder';
import packageJson from '../../package.json' with { type: 'json' };

export const USER_AGENT = `Switchboard-Ingest/${packageJson.version}`;
export const DEFAULT_MAX_PAGES = 2000;

export interface SiteOptions {
  product?: string;
  /** Use each page's first path segment under the start path as its product. */
  productFromPath?: boolean;
  include?: string[];
  exclude?: string[];
  maxPages?: number;
  concurrency?: number;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  onProgress?: (progress: CrawlProgress) => void;
}

export interface CrawlProgress {
  done: number;
  queued: number;
  failed: number;
  pagesPerSecond: number;
  etaSeconds: number;
}

export interface SiteResult extends FolderResult {
  /** Pages answered with 4xx/5xx (or that never answered), for the end-of-run list. */
  failures: { url: string; status: number | string }[];
  /** Pages left out: non-HTML, duplicate canonical or content, or disallowed by robots.txt. */
  skippedPages: { url: string; reason: string }[];
  discovery: 'sitemap' | 'links';
  seconds: number;
}

interface Fetched {
  status: number;
  url: string;
  type: string;
  body: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The path a page id is made of: `/app/faq/` → `app/faq`, `/` → `index`. */
export function pageIdOf(url: URL): string {
  return url.pathname.replace(/^\/+|\/+$/g, '').replace(/\.html?$/i, '') || 'index';
}

/** Read every page of the site under `start` (same origin, same path prefix). */
export async function readDocsSite(start: string, options: SiteOptions = {}): Promise<SiteResult> {
  const began = performance.now();
  let startUrl: URL;
  try {
    startUrl = new URL(start);
  } catch {
    throw new CliError(`not a URL: ${start}`);
  }
  const prefix = startUrl.pathname.endsWith('/') ? startUrl.pathname : startUrl.pathname.replace(/[^/]*$/, '');
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const concurrency = options.concurrency ?? 4;
  const include = options.include?.length ? picomatch(options.include) : undefined;
  const exclude = options.exclude?.length ? picomatch(options.exclude) : undefined;

  let nextSlot = 0;
  let delayMs = 0;
  /** One request, polite: waits its Crawl-delay slot, times out, backs off on 429/503. */
  const request = async (url: string): Promise<Fetched> => {
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + delayMs;
      if (slot > now) await sleep(slot - now);
      const response = await fetch(url, { headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5' }, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
      if ((response.status === 429 || response.status === 503) && attempt < 3) {
        await response.body?.cancel();
        const after = Number(response.headers.get('retry-after'));
        await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 60) * 1000 : 1000 * 2 ** attempt);
        continue;
      }
      return { status: response.status, url: response.url || url, type: response.headers.get('content-type') ?? '', body: response.ok ? await response.text() : (await response.body?.cancel(), '') };
    }
  };
  const safely = (url: string) => request(url).catch((error: Error) => ({ status: 0, url, type: '', body: '', error: error.name === 'TimeoutError' ? 'timeout' : error.message }) as Fetched & { error?: string });

  const robotsUrl = new URL('/robots.txt', startUrl).href;
  const robotsResponse = await safely(robotsUrl);
  const robots = robotsParser(robotsUrl, robotsResponse.status === 200 ? robotsResponse.body : '');
  delayMs = (robots.getCrawlDelay(USER_AGENT) ?? 0) * 1000;
  const allowed = (url: URL) => robots.isAllowed(url.href, USER_AGENT) !== false;
  const inScope = (url: URL) => {
    if (url.origin !== startUrl.origin || !url.pathname.startsWith(prefix)) return false;
    const path = url.pathname;
    if (include && !include(path) && !include(path.replace(/^\//, ''))) return false;
    if (exclude && (exclude(path) || exclude(path.replace(/^\//, '')))) return false;
    return true;
  };

  // Discovery: sitemaps (robots.txt's Sitemap: lines, else /sitemap.xml), following sitemap indexes.
  const sitemapQueue = robots.getSitemaps().length ? robots.getSitemaps() : [new URL('/sitemap.xml', startUrl).href];
  const seenSitemaps = new Set<string>();
  const fromSitemaps: string[] = [];
  while (sitemapQueue.length && seenSitemaps.size < 50) {
    const sitemap = sitemapQueue.shift()!;
    if (seenSitemaps.has(sitemap)) continue;
    seenSitemaps.add(sitemap);
    const response = await safely(sitemap);
    if (response.status !== 200) continue;
    const locs = [...response.body.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((match) => decodeXml(match[1]!));
    if (/<sitemapindex[\s>]/.test(response.body)) sitemapQueue.push(...locs);
    else fromSitemaps.push(...locs);
  }
  const discovery = fromSitemaps.length ? 'sitemap' : 'links';

  const queue: string[] = [];
  const queued = new Set<string>();
  const skippedPages: SiteResult['skippedPages'] = [];
  const enqueue = (href: string) => {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return;
    }
    url.hash = '';
    if (queued.has(url.href) || !inScope(url)) return;
    queued.add(url.href);
    if (!allowed(url)) {
      skippedPages.push({ url: url.href, reason: 'disallowed by robots.txt' });
      return;
    }
    if (queue.length + done + active >= maxPages) return;
    queue.push(url.href);
  };

  const chunks: Chunk[] = [];
  const linking: LinkingPage[] = [];
  const failures: SiteResult['failures'] = [];
  const canonicals = new Set<string>();
  const hashes = new Set<string>();
  let done = 0;
  let active = 0;
  let pages = 0;
  let sourceBytes = 0;
  if (discovery === 'sitemap') for (const loc of fromSitemaps) enqueue(loc);
  else enqueue(startUrl.href);

  const report = () => {
    const seconds = (performance.now() - began) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    options.onProgress?.({ done, queued: queue.length + active, failed: failures.length, pagesPerSecond: rate, etaSeconds: rate > 0 ? (queue.length + active) / rate : 0 });
  };

  const visit = async (href: string) => {
    const response = (await safely(href)) as Fetched & { error?: string };
    if (response.status === 0 || response.status >= 400) {
      failures.push({ url: href, status: response.error ?? response.status });
      return;
    }
    const finalUrl = new URL(response.url);
    if (finalUrl.origin !== startUrl.origin) return void skippedPages.push({ url: href, reason: `redirected off the origin to ${finalUrl.href}` });
    if (!/^(text\/html|application\/xhtml\+xml)/i.test(response.type)) return void skippedPages.push({ url: href, reason: `not HTML (${response.type || 'no type'})` });
    const { document } = parseHTML(response.body);
    if (discovery === 'links') {
      for (const link of document.querySelectorAll('a[href]')) {
        try {
          enqueue(new URL(link.getAttribute('href')!, finalUrl).href);
        } catch {
          // An unparseable href is not a page.
        }
      }
    }
    const canonicalHref = document.querySelector('link[rel="canonical"]')?.getAttribute('href');
    let pageUrl = finalUrl;
    if (canonicalHref) {
      try {
        const canonical = new URL(canonicalHref, finalUrl);
        if (canonical.origin === startUrl.origin) pageUrl = canonical;
      } catch {
        // A broken canonical falls back to the final URL.
      }
    }
    pageUrl.hash = '';
    pageUrl.search = '';
    if (canonicals.has(pageUrl.href)) return void skippedPages.push({ url: href, reason: `duplicate of ${pageUrl.href}` });
    canonicals.add(pageUrl.href);
    const page = extractPage(document as unknown as Document, pageUrl.href);
    if (!page) return void skippedPages.push({ url: href, reason: 'no main content' });
    const hash = contentHash(page.markdown);
    if (hashes.has(hash)) return void skippedPages.push({ url: href, reason: 'same content as another page' });
    hashes.add(hash);
    sourceBytes += Buffer.byteLength(response.body);
    const pageId = pageIdOf(pageUrl);
    const relative = pageUrl.pathname.slice(prefix.length).replace(/^\/+/, '');
    const product = options.productFromPath && relative.includes('/') ? relative.split('/')[0] : options.product;
    const parsed = parsePage(page.markdown, 'markdown', page.title);
    linking.push({ pageId, url: pageUrl.pathname, links: parsed.links });
    const url = pageUrl.href;
    for (const chunk of chunkPage(parsed, { pageId, url, ...(product ? { product } : {}) })) {
      // Cite the section the page itself anchors: the id of the chunk's deepest heading.
      const heading = chunk.section.split(' > ').at(-1);
      const id = heading ? page.headingIds.get(normaliseHeading(heading)) : undefined;
      chunks.push(id ? { ...chunk, url: `${url}#${id}` } : chunk);
    }
    pages++;
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      while (active < concurrency && queue.length) {
        const href = queue.shift()!;
        active++;
        void visit(href)
          .catch((error: Error) => void failures.push({ url: href, status: error.message }))
          .finally(() => {
            active--;
            done++;
            report();
            pump();
          });
      }
      if (active === 0 && queue.length === 0) resolve();
    };
    pump();
  });

  if (pages === 0) {
    throw new CliError(`nothing could be read from ${start}${failures.length ? `: ${failures.slice(0, 5).map((failure) => `${failure.url} (${failure.status})`).join(', ')}` : ' (no pages found in its sitemap or links)'}`);
  }
  const origin = startUrl.origin;
  return {
    pages,
    chunks,
    sourceBytes,
    anchors: collectAnchors(linking, origin),
    failures,
    skippedPages,
    discovery,
    seconds: (performance.now() - began) / 1000,
  };
}

function decodeXml(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");
}

const normaliseHeading = (text: string) => text.replace(/[#¶]\s*$/, '').replace(/[`*_[\]]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

let turndown: TurndownService | undefined;
function markdownOf(html: string): string {
  if (!turndown) {
    turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
    // Fences keep the language Readability leaves on <code class="language-x">.
    turndown.addRule('fencedCode', {
      filter: (node) => node.nodeName === 'PRE',
      replacement: (_content, node) => {
        const element = node as HTMLElement;
        const code = element.getElementsByTagName('code')[0] ?? element;
        const language = /language-([\w-]+)/.exec(code.getAttribute('class') ?? '')?.[1] ?? '';
        const text = (code.textContent ?? '').replace(/\n$/, '');
        const fence = text.includes('```') ? '~~~' : '```';
        return `\n\n${fence}${language}\n${text}\n${fence}\n\n`;
      },
    });
    turndown.addRule('table', {
      filter: 'table',
      replacement: (_content, node) => {
        // turndown's own DOM has no querySelectorAll; walk with getElementsByTagName and children.
        const rows = Array.from((node as HTMLElement).getElementsByTagName('tr')).map((row) =>
          (Array.from(row.childNodes) as Element[]).filter((cell) => cell.nodeName === 'TH' || cell.nodeName === 'TD').map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim()),
        );
        if (!rows.length) return '';
        const width = Math.max(...rows.map((row) => row.length));
        const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
        return `\n\n${[line(rows[0]!), line(Array(width).fill('---')), ...rows.slice(1).map(line)].join('\n')}\n\n`;
      },
    });
    // Heading permalinks ("#", "¶") are chrome, not text.
    turndown.addRule('headingPermalink', { filter: (node) => node.nodeName === 'A' && /hash-link|anchor|permalink/.test((node as HTMLElement).getAttribute('class') ?? ''), replacement: () => '' });
  }
  return turndown.turndown(html);
}

/** Main content of one HTML page as Markdown, its title and its heading ids. */
export function extractPage(html: string | Document, url: string): { title: string; markdown: string; headingIds: Map<string, string> } | undefined {
  // Parsed once per page: the crawler hands over the document it read links and the canonical from.
  const document = typeof html === 'string' ? (parseHTML(html).document as unknown as Document) : html;
  const h1 = document.querySelector('main h1, article h1, h1')?.textContent?.replace(/[#¶]\s*$/, '').trim();
  // `<title>` less the site name after a separator (`Install | Docs`), else the h1.
  const documentTitle = document.querySelector('title')?.textContent?.replace(/\s+[|–—·-]\s+[^|–—·-]+$/, '').trim();
  const title = (documentTitle || h1 || url).replace(/\s+/g, ' ');
  const headingIds = new Map<string, string>();
  for (const heading of document.querySelectorAll('h1[id],h2[id],h3[id],h4[id],h5[id],h6[id]')) {
    const text = normaliseHeading(heading.textContent ?? '');
    if (text && !headingIds.has(text)) headingIds.set(text, heading.getAttribute('id')!);
  }
  // A docs page that marks its content with <article> has said where it is; Readability scores
  // the rest of the body too and, on a long list page, can take a feedback box along.
  const marked = document.querySelectorAll('article');
  if (marked.length === 1) document.body.innerHTML = marked[0]!.outerHTML;
  // keepClasses keeps language-x on code; Readability would otherwise drop it.
  const article = new Readability(document, { keepClasses: true, charThreshold: 0 }).parse();
  if (!article?.content) return undefined;
  let markdown = markdownOf(article.content).trim();
  if (!markdown) return undefined;
  // Readability lifts the h1 into the title; the chunker wants it as the page's own heading.
  if (!/^#\s/.test(markdown)) markdown = `# ${h1 || title}\n\n${markdown}`;
  // The chunker takes the title from frontmatter before the h1, as it does for a folder's pages.
  markdown = `---\ntitle: ${JSON.stringify(title)}\n---\n\n${markdown}`;
  return { title, markdown, headingIds };
}
