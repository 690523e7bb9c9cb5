/**
 * A second `npm run ingest -- <URL>` is incremental: the crawl state (URL,
 * ETag, Last-Modified, content hash, chunk ids) is kept beside the index, a
 * 304 or an unchanged hash reuses the page's chunks, and the run reports
 * added, changed, removed and unchanged pages. Pages no longer on the site
 * are not in the new index (local) and their vectors are deleted (Upstash Vector).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { usableState, type CrawlState, type SyncReport } from '../src/crawl/crawl-state';
import type { Chunk } from '../src/retrieval/markdown-chunker';
import { inPageOrder, type SiteResult } from './docs-site';

interface StateFile {
  version: 1;
  /** The start URL and the index the state belongs to: another site or target starts afresh. */
  start: string;
  target: string;
  pages: CrawlState;
}

/** `dist/index/docs.json` → `dist/index/docs.crawl.json` (the worker never serves /index/*). */
export const crawlStatePath = (indexFile: string) => `${indexFile.replace(/\.json$/, '')}.crawl.json`;

/** The previous run's state for this site and target, with only the pages whose chunks are all still indexed. */
export async function readCrawlState(file: string, start: string, target: string, indexed: (id: string) => boolean): Promise<CrawlState> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (!text) return {};
  try {
    const state = JSON.parse(text) as StateFile;
    if (state.version !== 1 || state.start !== new URL(start).href || state.target !== target) return {};
    return usableState(state.pages, indexed);
  } catch {
    // An unreadable state file only costs a full crawl.
    return {};
  }
}

export async function writeCrawlState(file: string, start: string, target: string, pages: CrawlState): Promise<void> {
  const state: StateFile = { version: 1, start: new URL(start).href, target, pages };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, JSON.stringify(state));
  await rename(`${file}.tmp`, file);
}

/** The crawl's new chunks plus the previous index's chunks of the pages it did not fetch again. */
export function withKeptChunks(site: SiteResult, previous: readonly Chunk[]): SiteResult {
  const kept = new Set(site.keptChunkIds);
  return { ...site, chunks: inPageOrder([...site.chunks, ...previous.filter((chunk) => kept.has(chunk.id))]) };
}

export function describeSync(sync: SyncReport, hadState: boolean): string {
  const counts = `${sync.added.length} added, ${sync.changed.length} changed, ${sync.removed.length} removed, ${sync.unchanged.length} unchanged`;
  return `pages vs. the previous crawl: ${counts}${hadState ? '' : ' (no previous crawl state)'}`;
}
