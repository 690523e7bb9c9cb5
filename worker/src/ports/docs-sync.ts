/**
 * The ports of the production docs sync (DOCS_SYNC_URL): where its state lives
 * between cron invocations, and the docs index it writes.
 */
import type { LastDocsSync, RunningDocsSync } from '../../../shared/staff-api';

export type { LastDocsSync, RunningDocsSync } from '../../../shared/staff-api';

/** One chunk of a docs page as the index stores it (the chunker's Chunk has this shape). */
export interface DocsChunk {
  id: string;
  pageId: string;
  title: string;
  section: string;
  url: string;
  text: string;
  product?: string;
  updatedAt?: string;
}
/**
 * Sync state, kept in Redis in production: the crawl job in progress, the page
 * state of the last finished crawl, the last sync's summary, and a lock so two
 * cron invocations never run the same slice.
 *
 * @example
 * if (await state.lock(240)) try { const job = await state.readJob(); … } finally { await state.unlock(); }
 */
export interface DocsSyncState {
  /** True when this caller holds the lock now (it expires after ttlSeconds). */
  lock(ttlSeconds: number): Promise<boolean>;
  unlock(): Promise<void>;
  /** The crawl in progress (the crawler's JSON job), or undefined. */
  readJob(): Promise<unknown>;
  /** Save the job and, for the dashboard, how far it is. */
  writeJob(job: unknown, progress: RunningDocsSync): Promise<void>;
  /** How far the sync in progress is, or undefined when none is. */
  readRunning(): Promise<RunningDocsSync | undefined>;
  clearJob(): Promise<void>;
  /** Per-page state of the last finished crawl (the crawler's JSON), or undefined. */
  readPages(): Promise<unknown>;
  writePages(pages: unknown): Promise<void>;
  readLast(): Promise<LastDocsSync | undefined>;
  writeLast(last: LastDocsSync): Promise<void>;
}

/**
 * The docs collection the sync writes: chunk ids are content hashes, so an
 * upsert of an unchanged chunk is a no-op and the set difference of ids says
 * what to delete.
 */
export interface DocsIndexWriter {
  ids(): Promise<Set<string>>;
  upsert(chunks: readonly DocsChunk[]): Promise<void>;
  delete(ids: readonly string[]): Promise<void>;
}
