/**
 * A second `npm run ingest -- <URL>` is incremental, against the loopback docs site (a real
 * HTTP server) into the local index and into the Upstash Vector TEST DOUBLE.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Index } from '@upstash/vector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cypressKbPresent, startDocsSite, type DocsSite } from '../../test/docs-site';
import { startVectorDouble, type VectorDouble } from '../../test/upstash-vector-double';
import { readIndexFile } from './index-on-disk';
import { LocalRetriever } from '../src/adapters/local-retriever';
import { UpstashVectorRetriever } from '../src/adapters/upstash-vector-retriever';
import { ingestSite, type SiteIngest } from './ingest';

// 94 pages of the KB keep three crawls quick; the sync logic does not care how many.
const crawl = { include: ['/api/commands/**'] };
const CHANGED = ['/api/commands/click', '/api/commands/type', '/api/commands/wait'];
const REMOVED = '/api/commands/scrollintoview';
const NEW_TEXT = 'Zanzibar quokka latency budget';

/** Requests for pages (not robots.txt or sitemaps) made since `from`. */
const pageRequests = (site: DocsSite, from: number) => site.requests.slice(from).filter((request) => !/^\/(robots\.txt|sitemap)/.test(request.path));

describe.skipIf(!cypressKbPresent())('incremental ingest of a docs site', () => {
  let site: DocsSite;
  let double: VectorDouble;
  let folder: string;

  beforeAll(async () => {
    site = await startDocsSite({ port: 7460 });
    double = await startVectorDouble({ token: 'sync-token' });
    folder = await mkdtemp(join(tmpdir(), 'sb-sync-'));
  });
  afterAll(async () => {
    await site?.close();
    await double?.close();
    await rm(folder, { recursive: true, force: true });
  });

  /** Three runs: first, nothing changed, then 3 pages changed and 1 removed. Restores the site after. */
  async function threeRuns(target: SiteIngest) {
    const first = await ingestSite(site.url, crawl, target);
    const before = site.requests.length;
    const second = await ingestSite(site.url, crawl, target);
    const secondRequests = pageRequests(site, before);
    const originals = new Map<string, string>();
    for (const path of CHANGED) site.editPage(path, (html) => (originals.set(path, html), `${html}<p>${NEW_TEXT} on ${path}.</p>`));
    site.removePage(REMOVED);
    const third = await ingestSite(site.url, crawl, target);
    return { first, second, secondRequests, third };
  }

  const url = (path: string) => new URL(path, site.url).href;

  it('into the local index: the unchanged run fetches no page body, the next reports 3 changed and 1 removed, and the removed page is not cited', async () => {
    const out = join(folder, 'docs.json');
    const { first, second, secondRequests, third } = await threeRuns({ out, dryRun: false });
    expect(first.sync.added.length).toBe(94);
    expect(second.sync).toMatchObject({ added: [], changed: [], removed: [] });
    expect(second.sync.unchanged).toHaveLength(94);
    expect(secondRequests.length).toBe(94);
    expect(secondRequests.filter((request) => request.status !== 304)).toEqual([]);
    expect(third.sync).toEqual({ added: [], changed: CHANGED.map(url), removed: [url(REMOVED)], unchanged: expect.any(Array) });
    expect(third.sync.unchanged).toHaveLength(90);

    const index = (await readIndexFile(out))!;
    expect(new Set(index.pages.map((page) => page.pageId)).size).toBe(93);
    const retriever = new LocalRetriever({ docs: index });
    const removedHits = await retriever.search({ text: 'scrollIntoView scroll an element into view', collection: 'docs', topK: 10 });
    expect(removedHits.length).toBeGreaterThan(0);
    expect(removedHits.filter((hit) => hit.url.startsWith(url(REMOVED)))).toEqual([]);
    const changedHits = await retriever.search({ text: NEW_TEXT, collection: 'docs', topK: 3 });
    expect(CHANGED.map(url)).toContain(changedHits[0]?.url.split('#')[0]);
  }, 180_000);

  it('into Upstash Vector: unchanged pages cost no upsert, and the removed page leaves the namespace', async () => {
    const vector = { url: double.url, index: new Index({ url: double.url, token: double.token, enableTelemetry: false, retry: false }) };
    const stateFile = join(folder, 'vector.crawl.json');
    const first = await ingestSite(site.url, crawl, { out: '', dryRun: false, vector, stateFile });
    expect(first.sync.added.length).toBe(93); // the local test took one page off the site
    const upserts = () => double.requests.filter((request) => request.path.startsWith('/upsert')).length;
    const before = upserts();
    const second = await ingestSite(site.url, crawl, { out: '', dryRun: false, vector, stateFile });
    expect(second.sync).toMatchObject({ added: [], changed: [], removed: [] });
    expect(upserts()).toBe(before);
    expect(second.keptChunkIds.length).toBe(double.namespaces.get('docs')!.size);

    site.editPage('/api/commands/get', (html) => `${html}<p>${NEW_TEXT} in get.</p>`);
    site.removePage('/api/commands/find');
    const third = await ingestSite(site.url, crawl, { out: '', dryRun: false, vector, stateFile });
    expect(third.sync).toMatchObject({ added: [], changed: [url('/api/commands/get')], removed: [url('/api/commands/find')] });
    const stored = [...double.namespaces.get('docs')!.values()];
    expect(stored.filter((item) => item.metadata?.pageId === 'api/commands/find')).toEqual([]);
    expect(stored.some((item) => item.data?.includes(NEW_TEXT))).toBe(true);
    const hits = await new UpstashVectorRetriever(vector.index as never).search({ text: 'find descendent DOM elements of a selector', collection: 'docs', topK: 10 });
    expect(hits.filter((hit) => hit.url.startsWith(url('/api/commands/find')))).toEqual([]);
  }, 180_000);
});
