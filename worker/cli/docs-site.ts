/**
 * Reads a docs site from its URL into the same chunks a docs folder gives
 * (FolderResult), so ingest and the retrieval eval index a site exactly as a
 * folder. The crawl itself is worker/src/crawl (the Worker's sync runs it too);
 * this runs it to the end in one go, with a previous run's state when there is one.
 */
import { collectAnchors, type LinkingPage } from '../src/retrieval/anchor-text';
import type { Chunk } from '../src/retrieval/markdown-chunker';
import { syncReport, type CrawlState, type SyncReport } from '../src/crawl/crawl-state';
import { CrawlError, crawlStep, startCrawl, type CrawlOptions } from '../src/crawl/site-crawler';
import { CliError } from './args';
import type { FolderResult } from './docs-folder';
import { htmlReaderPool } from './html-reader-pool';

export { DEFAULT_MAX_PAGES, USER_AGENT, pageIdOf } from '../src/crawl/site-crawler';

export interface SiteOptions extends CrawlOptions {
  concurrency?: number;
  /** Threads that parse pages (default: one per core, at most 4; 1 parses in this thread). */
  threads?: number;
  /** Per-request timeout, ms. */
  timeoutMs?: number;
  /** The state the previous run left: its pages are asked for conditionally, and a 304 reuses their chunks. */
  previous?: CrawlState;
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
  /** Chunks of unchanged pages that were not fetched again (304): take them from the previous index. */
  keptChunkIds: string[];
  /** What to keep beside the index for the next run. */
  state: CrawlState;
  sync: SyncReport;
}

/** Read every page of the site under `start` (same origin, same path prefix). */
export async function readDocsSite(start: string, options: SiteOptions = {}): Promise<SiteResult> {
  const began = performance.now();
  const job = await startCrawl(start, options, options.previous ?? {}, options.timeoutMs).catch((error: unknown) => {
    throw error instanceof CrawlError ? new CliError(error.message) : error;
  });
  const chunks: Chunk[] = [];
  const keptChunkIds: string[] = [];
  let sourceBytes = 0;
  const readers = htmlReaderPool(options.threads);
  await crawlStep(job, {
    read: readers.read,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    onPage: (page) => {
      if (page.chunks) {
        chunks.push(...page.chunks);
        sourceBytes += page.bytes ?? 0;
      } else keptChunkIds.push(...page.state.chunkIds);
    },
    onProgress: ({ done, queued, failed }) => {
      const seconds = (performance.now() - began) / 1000;
      const rate = done / Math.max(seconds, 0.001);
      options.onProgress?.({ done, queued, failed, pagesPerSecond: rate, etaSeconds: rate > 0 ? queued / rate : 0 });
    },
  }).finally(readers.close);
  const pages = Object.values(job.next).filter((page) => !page.skipped);
  if (pages.length === 0) {
    const failures = job.failures;
    throw new CliError(`nothing could be read from ${start}${failures.length ? `: ${failures.slice(0, 5).map((failure) => `${failure.url} (${failure.status})`).join(', ')}` : ' (no pages found in its sitemap or links)'}`);
  }
  // Pages finish in the order the network answers; the index is built in page order, so a crawl ranks like the last one.
  pages.sort((a, b) => compare(a.pageId, b.pageId));
  const linking: LinkingPage[] = pages.map((page) => ({ pageId: page.pageId, url: new URL(page.url).pathname, links: page.links ?? [] }));
  return {
    pages: pages.length,
    chunks: inPageOrder(chunks),
    sourceBytes,
    anchors: collectAnchors(linking, new URL(job.start).origin),
    failures: job.failures,
    skippedPages: job.skippedPages,
    discovery: job.discovery,
    seconds: (performance.now() - began) / 1000,
    keptChunkIds,
    state: job.next,
    sync: syncReport(job),
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Chunks grouped by page id in sorted order, each page's chunks in their own order (the sort is stable). */
export function inPageOrder(chunks: Chunk[]): Chunk[] {
  return chunks.sort((a, b) => compare(a.pageId, b.pageId));
}
