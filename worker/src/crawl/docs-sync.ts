/**
 * The production docs sync: DOCS_SYNC_URL re-crawled into Upstash Vector,
 * started when DOCS_SYNC_CRON says one is due and carried on by every cron
 * tick, DOCS_SYNC_PAGES_PER_RUN pages at a time, so one invocation stays within
 * Workers' subrequest and CPU limits. The crawl job lives in Redis between
 * ticks. Unchanged pages (304 or same content hash) keep their vectors; a
 * changed page's old chunks go in the same tick; when the crawl is done, every
 * vector no crawled page gives is deleted, as `npm run ingest` does.
 * A site that cannot be read at all changes nothing and says so.
 */
import { Cron } from 'croner';
import type { DocsIndexWriter, DocsSyncState, LastDocsSync } from '../ports/docs-sync';
import type { Chunk } from '../retrieval/markdown-chunker';
import { syncReport, usableState, type CrawlJob, type CrawlState } from './crawl-state';
import { crawlStep, startCrawl } from './site-crawler';

export interface DocsSyncOptions {
  url: string;
  cron: string;
  pagesPerRun: number;
  state: DocsSyncState;
  index: DocsIndexWriter;
  now?: Date;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export type DocsSyncTick = 'busy' | 'idle' | 'started' | 'continued' | 'finished';

/** Longer than one tick may run; a crashed tick's lock lapses before the next-but-one. */
const LOCK_SECONDS = 240;
const MAX_LISTED_FAILURES = 20;

/** True when the schedule has fired since the last sync started (or there was none). */
export function syncDue(cron: string, now: Date, lastStartedAt: string | undefined): boolean {
  if (!lastStartedAt) return true;
  const [previous] = new Cron(cron, { paused: true, timezone: 'UTC' }).previousRuns(1, now);
  return previous !== undefined && previous.getTime() > Date.parse(lastStartedAt);
}

/** One cron tick of the sync. */
export async function runDocsSync(options: DocsSyncOptions): Promise<DocsSyncTick> {
  const { state } = options;
  if (!(await state.lock(LOCK_SECONDS))) return 'busy';
  try {
    let job = (await state.readJob()) as CrawlJob | undefined;
    let tick: DocsSyncTick = 'continued';
    if (!job || job.start !== new URL(options.url).href) {
      const now = options.now ?? new Date();
      if (job === undefined && !syncDue(options.cron, now, (await state.readLast())?.startedAt)) return 'idle';
      job = await begin(options);
      tick = 'started';
    }
    const finished = await step(job, options);
    if (!finished) {
      await state.writeJob(job, { url: job.start, startedAt: job.startedAt, done: job.done, queued: job.queue.length, failed: job.failures.length });
      return tick;
    }
    await finish(job, options);
    return 'finished';
  } finally {
    await state.unlock();
  }
}

/** A new crawl against the last one's page state (only pages whose vectors are all still there). */
async function begin(options: DocsSyncOptions): Promise<CrawlJob> {
  const stored = (await options.state.readPages()) as CrawlState | undefined;
  const ids = stored ? await options.index.ids() : new Set<string>();
  const job = await startCrawl(options.url, {}, usableState(stored, (id) => ids.has(id)), options.timeoutMs);
  // The tick's own time, as syncDue reads it: a machine clock ahead of the schedule would make the next run look done.
  job.startedAt = (options.now ?? new Date()).toISOString();
  options.log?.(`docs sync of ${job.start} started: ${job.queue.length} pages queued (found by ${job.discovery})`);
  return job;
}

/** Read one slice of pages; upsert what changed and delete what those pages no longer give. */
async function step(job: CrawlJob, options: DocsSyncOptions): Promise<boolean> {
  const chunks: Chunk[] = [];
  const stale: string[] = [];
  const finished = await crawlStep(job, {
    budget: options.pagesPerRun,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    onPage: ({ href, state, chunks: read }) => {
      // Links feed the local index's anchor text only; Redis keeps the state lean.
      delete state.links;
      if (!read) return;
      const fresh = new Set(state.chunkIds);
      const prior = job.previous[href];
      // Re-upserting an unchanged page would cost Vector writes (and embeddings) for nothing.
      if (prior && prior.hash === state.hash && !prior.skipped) return;
      chunks.push(...read);
      if (prior) stale.push(...prior.chunkIds.filter((id) => !fresh.has(id)));
    },
  });
  if (chunks.length) await options.index.upsert(chunks);
  if (stale.length) await options.index.delete(stale);
  return finished;
}

async function finish(job: CrawlJob, options: DocsSyncOptions): Promise<void> {
  const report = syncReport(job);
  const pages = Object.values(job.next).filter((page) => !page.skipped);
  const last: LastDocsSync = {
    url: job.start,
    startedAt: job.startedAt,
    finishedAt: new Date().toISOString(),
    pages: pages.length,
    added: report.added.length,
    changed: report.changed.length,
    removed: report.removed.length,
    unchanged: report.unchanged.length,
    failed: job.failures.length,
    failures: job.failures.slice(0, MAX_LISTED_FAILURES),
  };
  if (pages.length === 0) {
    // Nothing read: the site is down or refuses us. Deleting on that evidence would empty the index.
    await options.state.writeLast({ ...last, removed: 0, error: `nothing could be read from ${job.start}; the index is unchanged` });
    await options.state.clearJob();
    options.log?.(`docs sync of ${job.start}: nothing could be read (${job.failures.length} failed); the index is unchanged`);
    return;
  }
  const kept = new Set(pages.flatMap((page) => page.chunkIds));
  const orphans = [...(await options.index.ids())].filter((id) => !kept.has(id));
  if (orphans.length) await options.index.delete(orphans);
  await options.state.writePages(job.next);
  await options.state.writeLast(last);
  await options.state.clearJob();
  options.log?.(`docs sync of ${job.start} finished: ${last.pages} pages, ${last.added} added, ${last.changed} changed, ${last.removed} removed, ${last.unchanged} unchanged, ${last.failed} failed`);
}
