/**
 * What a crawl remembers of each page between runs, and the resumable job a
 * crawl is: plain JSON, so the CLI keeps it beside the local index and the
 * Worker keeps it in Redis between cron invocations.
 */
import type { PageLink } from '../retrieval/anchor-text';

/** One URL as the last run left it. */
export interface PageState {
  /** The URL the page is cited by (canonical, else final), without hash. */
  url: string;
  pageId: string;
  etag?: string;
  lastModified?: string;
  /** Content hash of the page's Markdown. */
  hash: string;
  /** Ids of the chunks the page gave: reused as they are when the page is unchanged. */
  chunkIds: string[];
  /** The page's links, for anchor text when its chunks are reused (local index only). */
  links?: PageLink[];
  /** Set when the URL was read but is not a page of its own (a duplicate, not HTML): chunkIds is empty. */
  skipped?: string;
}

/** Per-URL state, keyed by the URL the crawl requested. */
export type CrawlState = Record<string, PageState>;

export type PageChange = 'added' | 'changed' | 'unchanged';

/** A crawl in progress (or finished): everything a later invocation needs to go on. */
export interface CrawlJob {
  version: 1;
  start: string;
  prefix: string;
  startedAt: string;
  discovery: 'sitemap' | 'links';
  robotsTxt: string;
  maxPages: number;
  include?: string[];
  exclude?: string[];
  product?: string;
  productFromPath?: boolean;
  queue: string[];
  /** Every URL ever queued (so a link is queued once), disallowed ones included. */
  seen: string[];
  /** Pages read so far, counting failures: the --max-pages budget. */
  done: number;
  previous: CrawlState;
  next: CrawlState;
  changes: Record<string, PageChange>;
  failures: { url: string; status: number | string }[];
  skippedPages: { url: string; reason: string }[];
}

/** Added, changed, removed and unchanged pages (URLs) of a finished crawl against the previous state. */
export interface SyncReport {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

export function syncReport(job: CrawlJob): SyncReport {
  const report: SyncReport = { added: [], changed: [], removed: [], unchanged: [] };
  for (const [url, change] of Object.entries(job.changes)) report[change].push(url);
  for (const [url, page] of Object.entries(job.previous)) if (!page.skipped && !job.next[url]) report.removed.push(url);
  for (const list of Object.values(report)) list.sort();
  return report;
}

/** Chunk ids of the previous run's pages that this run does not keep: what leaves the index. */
export function droppedChunkIds(job: CrawlJob): string[] {
  const kept = new Set(Object.values(job.next).flatMap((page) => page.chunkIds));
  return [...new Set(Object.values(job.previous).flatMap((page) => page.chunkIds))].filter((id) => !kept.has(id));
}

/** Only the entries whose chunks are all still in the index: the others are read afresh. */
export function usableState(state: CrawlState | undefined, indexed: (id: string) => boolean): CrawlState {
  const usable: CrawlState = {};
  for (const [url, page] of Object.entries(state ?? {})) if (page.chunkIds.every(indexed)) usable[url] = page;
  return usable;
}
