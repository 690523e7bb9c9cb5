import { describe, expect, it } from 'vitest';
import { indexFiles, openIndex } from '../retrieval/index-files';
import type { Chunk } from '../retrieval/markdown-chunker';
import { buildIndex } from '../retrieval/search-index';
import type { Retriever } from '../ports';
import { MemoryStore } from './memory-store';
import { backgroundSample, ResolvedTicketsRetriever } from './resolved-tickets-retriever';

const topics = ['install', 'proxy', 'browser', 'network', 'retries', 'screenshots', 'fixtures', 'plugins'];
/** A docs site of 400 chunks (40 pages of 10), each chunk about two of the topics. */
const chunks: Chunk[] = Array.from({ length: 400 }, (_, number) => ({
  id: `page-${Math.floor(number / 10)}.md#${number % 10}`,
  pageId: `page-${Math.floor(number / 10)}.md`,
  title: `Page ${Math.floor(number / 10)}`,
  section: `Section ${number % 10}`,
  url: `/page-${Math.floor(number / 10)}`,
  text: `How ${topics[number % 8]} and ${topics[(number * 3 + 1) % 8]} work together, chunk ${number}.`,
}));
const noDocs: Retriever = { search: async () => [] };

/** The docs index as ingest writes it (small text blocks) and the worker opens it, counting the blocks read. */
async function docsIndex() {
  const { entry, parts } = indexFiles(buildIndex(chunks, 'docs'), 'docs.json', { textBytes: 600 });
  const files = new Map(parts.map((part) => [part.name, part.text]));
  const read = new Set<string>();
  const index = await openIndex(JSON.parse(entry), (name) => {
    if (name.includes('texts-')) read.add(name);
    return JSON.parse(files.get(name)!) as unknown;
  });
  return { index, read, textBlocks: parts.filter((part) => part.name.includes('texts-')).length };
}

describe('resolved tickets over a bounded background', () => {
  it('samples runs of chunks spread over the index, never more than the limit, all of them when they fit', () => {
    expect(backgroundSample(50, 100)).toEqual(Array.from({ length: 50 }, (_, number) => number));
    for (const [total, limit] of [[40_518, 2000], [2001, 2000], [400, 64], [65, 64]] as const) {
      const sample = backgroundSample(total, limit);
      expect(sample.length).toBeLessThanOrEqual(limit);
      expect(sample.length).toBeGreaterThan(limit * 0.9);
      expect(new Set(sample).size).toBe(sample.length);
      expect(sample.every((number, at) => number < total && (at === 0 || number > sample[at - 1]!))).toBe(true);
      // From the start of the index into its second half (the last run starts (runs - 1)/runs of the way in).
      expect(sample[0]).toBe(0);
      expect(sample.at(-1)!).toBeGreaterThan(total / 2);
    }
  });

  it('reads only the text blocks of its sample, and finds the resolved ticket', async () => {
    const { index, read, textBlocks } = await docsIndex();
    const store = new MemoryStore();
    await store.saveTicket({ id: 'case-1', question: 'Why does the proxy block my browser?', resolution: 'Set HTTP_PROXY before you start the browser.', resolvedAt: 1 });
    await store.saveTicket({ id: 'case-2', question: 'How do I reset my password?', resolution: 'Use the reset link on the sign-in page.', resolvedAt: 2 });
    const retriever = new ResolvedTicketsRetriever(noDocs, store, { background: async () => index, backgroundChunks: 64 });
    const hits = await retriever.search({ text: 'proxy blocks the browser', collection: 'tickets', topK: 3 });
    expect(hits[0]?.pageId).toBe('case-1');
    expect(hits.every((hit) => hit.pageId.startsWith('case-'))).toBe(true);
    expect(textBlocks).toBeGreaterThan(20);
    expect(read.size).toBeGreaterThan(0);
    expect(read.size).toBeLessThanOrEqual(textBlocks / 3);
  });

  it('takes the whole docs index as background when it fits the limit', async () => {
    const { index, read, textBlocks } = await docsIndex();
    const store = new MemoryStore();
    await store.saveTicket({ id: 'case-1', question: 'Why does the proxy block my browser?', resolution: 'Set HTTP_PROXY first.', resolvedAt: 1 });
    const retriever = new ResolvedTicketsRetriever(noDocs, store, { background: async () => index });
    expect((await retriever.search({ text: 'proxy browser', collection: 'tickets', topK: 3 }))[0]?.pageId).toBe('case-1');
    expect(read.size).toBe(textBlocks);
  });
});
