/**
 * Builds the local search index from a docs folder (and resolved tickets).
 *
 *   npm run ingest -- <folder> [--base-url <url>] [--product <slug>] [--product-from-path]
 *                     [--out dist/index/docs.json] [--tickets tickets.jsonl] [--add] [--dry-run] [--allow-large-index]
 *
 * A run replaces the whole local index: docs and tickets alike, so the demo's
 * resolved tickets never stay behind your docs. `--add` keeps what is there:
 * pages of the new folder replace their old versions, other pages and the
 * collection not ingested stay.
 *
 * Where the index goes: the local index file (LocalIndexTarget) by default, or
 * Upstash Vector when UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN are
 * set (vector-ingest.ts); reading and chunking are the same for both. Before a local
 * index is built, its size is estimated (index-budget.ts): past what one Worker holds,
 * ingest stops and points to Upstash Vector, unless `--allow-large-index`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Collection } from '../src/ports';
import type { Chunk } from '../src/retrieval/markdown-chunker';
import { buildIndex, type SearchIndex } from '../src/retrieval/search-index';
import { CliError, parseCli, runCli } from './args';
import { readDocsFolder, readTickets, type FolderResult } from './docs-folder';
import { ASSET_LIMIT_BYTES, checkIndexBudget, USE_VECTOR } from './index-budget';
import { planIndexFiles, readIndexFile, removeIndexFiles, saveIndexFiles } from './index-on-disk';
import { DEFAULT_MAX_PAGES, readDocsSite, type CrawlProgress, type SiteOptions, type SiteResult } from './docs-site';
import { crawlStatePath, describeSync, readCrawlState, withKeptChunks, writeCrawlState } from './site-sync';
import { VECTOR_CRAWL_STATE, vectorIngest, vectorIndexFromEnv, vectorTarget, type VectorConnection } from './vector-ingest';

const USAGE =
  'usage: npm run ingest -- <folder | https://docs.example.com> [--base-url <url>] [--product <slug>] [--product-from-path] [--out <file>] [--tickets <file.jsonl>] [--add] [--dry-run] [--allow-large-index]\n' +
  '       with a URL: [--include <glob>]... [--exclude <glob>]... [--max-pages 2000]';

export const DEFAULT_OUT = 'dist/index/docs.json';

/** What changed compared with the index already at the target, by chunk id. */
export interface IndexDiff {
  added: number;
  removed: number;
  unchanged: number;
}

/** Where an index is written. */
export interface IndexTarget {
  describe(): string;
  /** Chunk ids of the index there now, or undefined when there is none. */
  previousChunkIds(): Promise<Set<string> | undefined>;
  /** Store the index; returns its size in bytes (and how many files it takes, for a local index). With `dryRun`, only measures. */
  write(index: SearchIndex, dryRun: boolean): Promise<{ bytes: number; files?: number }>;
}

/** An entry file and its parts folder among the worker's static assets (index-on-disk.ts); an index with a file past `maxBytes` (Workers' 25 MiB per asset file) is not written. */
export class LocalIndexTarget implements IndexTarget {
  constructor(
    readonly file: string,
    readonly maxBytes = ASSET_LIMIT_BYTES,
  ) {}

  describe(): string {
    return this.file;
  }

  async previousChunkIds(): Promise<Set<string> | undefined> {
    const index = await previousIndex(this.file);
    return index && new Set(index.chunks.map((chunk) => chunk.id));
  }

  async write(index: SearchIndex, dryRun: boolean): Promise<{ bytes: number; files: number }> {
    const plan = planIndexFiles(this.file, index);
    // The estimate before building is calibrated on one docs site; the built files are the truth.
    const largest = plan.files.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    if (largest.bytes > this.maxBytes) throw new CliError(`${join(dirname(this.file), largest.name)} would be ${formatBytes(largest.bytes)}, over the ${formatBytes(this.maxBytes)} that fit one asset file: not written.\n${USE_VECTOR}`);
    if (!dryRun) await saveIndexFiles(this.file, plan);
    return { bytes: plan.bytes, files: plan.files.length };
  }
}

/** The chunks an index was built from, so `--add` can build on them. */
export async function chunksOf(index: SearchIndex): Promise<Chunk[]> {
  const texts = await index.texts.all();
  return index.chunks.map((record, number) => {
    const page = index.pages[record.page]!;
    return { id: record.id, pageId: page.pageId, title: page.title, section: record.section, url: page.url, text: texts[number]!, ...(page.product ? { product: page.product } : {}), ...(page.updatedAt ? { updatedAt: page.updatedAt } : {}) };
  });
}

/** `--add`: the new pages replace their old versions; every other page already indexed stays. */
export function addChunks(previous: readonly Chunk[], next: readonly Chunk[]): Chunk[] {
  const replaced = new Set(next.map((chunk) => chunk.pageId));
  return [...previous.filter((chunk) => !replaced.has(chunk.pageId)), ...next];
}

export async function previousIndex(file: string): Promise<SearchIndex | undefined> {
  try {
    return await readIndexFile(file);
  } catch {
    // An unreadable or older index counts as no index: everything is new.
    return undefined;
  }
}

/** Build on the index already in `file` (`--add`), or replace it. */
async function withPrevious(source: FolderResult, file: string, add: boolean): Promise<FolderResult> {
  const previous = add ? await previousIndex(file) : undefined;
  if (!previous) return source;
  const chunks = addChunks(await chunksOf(previous), source.chunks);
  return { ...source, chunks, pages: new Set(chunks.map((chunk) => chunk.pageId)).size };
}

/** Without `--add`, a collection not in this run goes: the index is this corpus and nothing else. */
async function removeUnlessAdding(file: string, add: boolean, dryRun: boolean): Promise<void> {
  if (add || !(await readFile(file).then(() => true, () => false))) return;
  if (!dryRun) await removeIndexFiles(file);
  console.log(`${file} ${dryRun ? 'would be removed' : 'removed'}: this run replaces the whole index (pass --add to keep it)`);
}

export function diffChunks(previous: Set<string> | undefined, next: SearchIndex): IndexDiff {
  const ids = new Set(next.chunks.map((chunk) => chunk.id));
  let unchanged = 0;
  for (const id of ids) if (previous?.has(id)) unchanged++;
  return { added: ids.size - unchanged, removed: previous ? previous.size - unchanged : 0, unchanged };
}

export interface IngestOptions {
  /** Build an index past what one Worker holds (64 MiB of heap once loaded; no file past 25 MiB) instead of stopping. */
  allowLargeIndex?: boolean;
}

/** Index one collection into one target and print what happened; stops before building an index too large for a Worker. */
export async function ingest(collection: Collection, source: FolderResult, target: IndexTarget, dryRun: boolean, options: IngestOptions = {}): Promise<IndexDiff & { bytes: number }> {
  checkIndexBudget(source.pages, source.chunks, options.allowLargeIndex);
  // The latent space pays off on a docs set; a handful of short tickets gives it too little to learn from.
  const index = buildIndex(source.chunks, collection, { anchors: source.anchors, ...(collection === 'docs' ? { semantic: {} } : {}) });
  const previous = await target.previousChunkIds();
  const { bytes, files } = await target.write(index, dryRun);
  const diff = diffChunks(previous, index);
  const what = collection === 'docs' ? 'pages' : 'tickets';
  console.log(
    `${collection}: ${source.pages} ${what}, ${source.chunks.length} chunks, ${formatBytes(bytes)}${files ? ` in ${files} files` : ''} ${dryRun ? 'would be written to' : 'written to'} ${target.describe()}`,
  );
  console.log(`  vs. previous index: ${diff.added} added, ${diff.removed} removed, ${diff.unchanged} unchanged${previous ? '' : ' (no previous index)'}`);
  return { ...diff, bytes };
}

function warnSkipped(source: FolderResult): void {
  const skipped = source.skipped ?? [];
  if (skipped.length) console.warn(`skipped ${skipped.length} file(s) that are not UTF-8 text: ${skipped.slice(0, 10).join(', ')}${skipped.length > 10 ? ', …' : ''}`);
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** A bar on a terminal; a line per tenth otherwise, so CI logs stay short. */
function progress(label: string): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    if (process.stdout.isTTY) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      process.stdout.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (done === total) process.stdout.write('\n');
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth !== lastTenth || done === total) {
      lastTenth = tenth;
      if (tenth > 0 || done === total) console.log(`${label} ${done}/${total}`);
    }
  };
}

/** A bar on a terminal, a line per 50 pages otherwise: done, queued, failed, pages/s, ETA. */
function crawlProgress(): (progress: CrawlProgress) => void {
  return ({ done, queued, failed, pagesPerSecond, etaSeconds }) => {
    const line = `crawling: ${done} done, ${queued} queued, ${failed} failed, ${pagesPerSecond.toFixed(1)} pages/s, ETA ${Math.ceil(etaSeconds)} s`;
    if (process.stdout.isTTY) {
      const width = 20;
      const filled = Math.round((done / Math.max(1, done + queued)) * width);
      process.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line}\x1b[K`);
      if (queued === 0) process.stdout.write('\n');
    } else if (done % 50 === 0 || queued === 0) console.log(line);
  };
}

/** Crawl a site; print the summary and the pages that failed. */
export async function crawlSite(url: string, options: SiteOptions): Promise<SiteResult> {
  const site = await readDocsSite(url, { ...options, onProgress: crawlProgress() });
  console.log(
    `read ${site.pages} pages from ${url} (found by ${site.discovery === 'sitemap' ? 'sitemap' : 'following links'}) in ${site.seconds.toFixed(1)} s; ${site.skippedPages.length} skipped, ${site.failures.length} failed`,
  );
  const disallowed = site.skippedPages.filter((page) => page.reason === 'disallowed by robots.txt').length;
  if (disallowed) console.log(`  ${disallowed} disallowed by robots.txt`);
  for (const page of site.skippedPages.filter((page) => page.reason !== 'disallowed by robots.txt').slice(0, 20)) console.log(`  skipped ${page.url}: ${page.reason}`);
  if (site.failures.length) {
    console.warn(`failed pages:`);
    for (const failure of site.failures) console.warn(`  ${failure.status} ${failure.url}`);
  }
  return site;
}

export interface SiteIngest {
  out: string;
  dryRun: boolean;
  add?: boolean;
  /** Upstash Vector instead of the local index. */
  vector?: VectorConnection;
  /** Where the crawl state is kept; default beside the index (or in .wrangler/ for Upstash Vector). */
  stateFile?: string;
  allowLargeIndex?: boolean;
}

/**
 * `npm run ingest -- <URL>`: crawl incrementally against the state the last run left beside
 * the index, build the index, and keep the new state for the next run.
 */
export async function ingestSite(url: string, crawl: SiteOptions, target: SiteIngest): Promise<SiteResult> {
  if (target.vector) {
    const existing = await vectorTarget('docs', target.vector).existingIds().catch(() => new Set<string>());
    const stateFile = target.stateFile ?? VECTOR_CRAWL_STATE;
    const previous = await readCrawlState(stateFile, url, target.vector.url, (id) => existing.has(id));
    const site = await crawlSite(url, { ...crawl, previous });
    console.log(describeSync(site.sync, Object.keys(previous).length > 0));
    await vectorIngest('docs', site, target.vector, target.dryRun, site.keptChunkIds);
    if (!target.dryRun) await writeCrawlState(stateFile, url, target.vector.url, site.state);
    return site;
  }
  const index = await previousIndex(target.out);
  const indexed = new Set(index?.chunks.map((chunk) => chunk.id));
  const stateFile = target.stateFile ?? crawlStatePath(target.out);
  const previous = await readCrawlState(stateFile, url, target.out, (id) => indexed.has(id));
  const crawled = await crawlSite(url, { ...crawl, previous });
  const site = withKeptChunks(crawled, index ? await chunksOf(index) : []);
  console.log(describeSync(site.sync, Object.keys(previous).length > 0));
  await ingest('docs', await withPrevious(site, target.out, target.add ?? false), new LocalIndexTarget(target.out, target.allowLargeIndex ? Infinity : undefined), target.dryRun, { allowLargeIndex: target.allowLargeIndex });
  if (!target.dryRun) await writeCrawlState(stateFile, url, target.out, site.state);
  return site;
}

async function main() {
  const { values, positionals } = parseCli(
    process.argv.slice(2),
    {
      'base-url': { type: 'string' },
      product: { type: 'string' },
      'product-from-path': { type: 'boolean' },
      out: { type: 'string' },
      tickets: { type: 'string' },
      'dry-run': { type: 'boolean' },
      add: { type: 'boolean' },
      include: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      'max-pages': { type: 'string' },
      'allow-large-index': { type: 'boolean' },
    },
    USAGE,
  );
  const add = values.add ?? false;
  const allowLargeIndex = values['allow-large-index'] ?? false;
  const [folder, ...extra] = positionals;
  if (extra.length > 0) throw new CliError(`one docs folder at a time, got: ${positionals.join(' ')}\n\n${USAGE}`);
  if (!folder && !values.tickets) throw new CliError(`name a docs folder or --tickets\n\n${USAGE}`);
  if (values.product !== undefined && !/^[a-z0-9][a-z0-9-]{0,47}$/.test(values.product)) {
    throw new CliError(`--product must be a product slug (lowercase letters, digits and dashes), got "${values.product}"`);
  }
  if (values['base-url'] !== undefined && !/^https?:\/\/[^\s]+$/.test(values['base-url'])) {
    throw new CliError(`--base-url must be an http(s) URL, got "${values['base-url']}"`);
  }
  const isUrl = folder !== undefined && /^https?:\/\//i.test(folder);
  const maxPages = values['max-pages'] === undefined ? DEFAULT_MAX_PAGES : Number(values['max-pages']);
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new CliError(`--max-pages must be a whole number of at least 1, got "${values['max-pages']}"`);
  if (!isUrl && (values.include || values.exclude || values['max-pages'] !== undefined)) throw new CliError(`--include, --exclude and --max-pages apply to a URL, not a folder\n\n${USAGE}`);
  const crawl: SiteOptions = { product: values.product, productFromPath: values['product-from-path'], include: values.include, exclude: values.exclude, maxPages };
  const read = async (): Promise<FolderResult> => {
    const source = await readDocsFolder(folder!, { baseUrl: values['base-url'], product: values.product, productFromPath: values['product-from-path'], onProgress: progress('reading pages') });
    warnSkipped(source);
    return source;
  };
  const dryRun = values['dry-run'] ?? false;
  const out = values.out ?? DEFAULT_OUT;
  // With Upstash Vector credentials in the environment, the same chunks go to Upstash instead.
  const vector = vectorIndexFromEnv(process.env);
  if (vector) {
    console.log(`target: Upstash Vector at ${vector.url}${dryRun ? ' (dry run)' : ''}`);
    if (isUrl) await ingestSite(folder, crawl, { out, dryRun, vector });
    else if (folder) await vectorIngest('docs', await read(), vector, dryRun);
    if (values.tickets) await vectorIngest('tickets', await readTickets(values.tickets), vector, dryRun);
    return;
  }
  if (isUrl) await ingestSite(folder, crawl, { out, dryRun, add, allowLargeIndex });
  else if (folder) await ingest('docs', await withPrevious(await read(), out, add), new LocalIndexTarget(out, allowLargeIndex ? Infinity : undefined), dryRun, { allowLargeIndex });
  else await removeUnlessAdding(out, add, dryRun);
  const ticketsOut = join(dirname(out), 'tickets.json');
  if (values.tickets) {
    await ingest('tickets', await withPrevious(await readTickets(values.tickets), ticketsOut, add), new LocalIndexTarget(ticketsOut, allowLargeIndex ? Infinity : undefined), dryRun, { allowLargeIndex });
  } else await removeUnlessAdding(ticketsOut, add, dryRun);
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(main);
