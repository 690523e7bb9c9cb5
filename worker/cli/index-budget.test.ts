import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Chunk } from '../src/retrieval/markdown-chunker';
import { buildIndex } from '../src/retrieval/search-index';
import { CliError } from './args';
import { ASSET_LIMIT_BYTES, checkIndexBudget, estimateIndex, HEAP_LIMIT_BYTES } from './index-budget';
import { ingest, LocalIndexTarget } from './ingest';

const work = mkdtempSync(join(tmpdir(), 'switchboard-budget-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A synthetic docs corpus: `pages` pages of 10 chunks of about 1,100 bytes of distinct words. */
function corpus(pages: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let page = 0; page < pages; page++) {
    for (let section = 0; section < 10; section++) {
      const words = Array.from({ length: 120 }, (_, word) => `term${(page * 131 + section * 17 + word) % 5000}`).join(' ');
      chunks.push({ id: `p${page}s${section}`, pageId: `page-${page}.md`, title: `Page ${page}`, section: `Section ${section}`, url: `/page-${page}`, text: words });
    }
  }
  return chunks;
}

describe('ingest stops before building a local index past what one Worker holds', () => {
  it('refuses a corpus whose index would take more than 64 MiB of heap, points to Upstash Vector, and writes nothing', async () => {
    const chunks = corpus(4000);
    expect(estimateIndex(chunks).heapBytes).toBeGreaterThan(HEAP_LIMIT_BYTES);
    const out = join(work, 'large', 'docs.json');
    const started = performance.now();
    const refused = ingest('docs', { pages: 4000, chunks, sourceBytes: 0 }, new LocalIndexTarget(out), false);
    await expect(refused).rejects.toBeInstanceOf(CliError);
    await expect(refused).rejects.toThrow(/4000 pages do not fit the local index: the index would take about \d+\.\d MiB of heap once loaded \(\d+\.\d MiB of files\), over the 64\.0 MiB one Worker can give it/);
    await expect(refused).rejects.toThrow(/set UPSTASH_VECTOR_REST_URL and UPSTASH_VECTOR_REST_TOKEN/);
    await expect(refused).rejects.toThrow(/--allow-large-index/);
    // Before building: the estimate is a sum over the chunks, not a build of 40,000 chunks.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(existsSync(out)).toBe(false);
  });

  it('builds it anyway with --allow-large-index, and lets a corpus that fits through', () => {
    expect(checkIndexBudget(4000, corpus(4000), true).heapBytes).toBeGreaterThan(HEAP_LIMIT_BYTES);
    expect(checkIndexBudget(100, corpus(100)).heapBytes).toBeLessThan(HEAP_LIMIT_BYTES);
  });

  it('lets a 2,000-page site through, though its files together pass 25 MiB: they are split (index-files.ts)', () => {
    const site = checkIndexBudget(2000, corpus(2000));
    expect(site.bytes).toBeGreaterThan(ASSET_LIMIT_BYTES);
    expect(site.heapBytes).toBeLessThan(HEAP_LIMIT_BYTES);
  });

});

describe('the built index file is checked too', () => {
  it('is not written when it is larger than one asset file may be, whatever the estimate said', async () => {
    const out = join(work, 'built', 'docs.json');
    const written = new LocalIndexTarget(out, 1000).write(buildIndex(corpus(2), 'docs'), false);
    await expect(written).rejects.toThrow(/built\/docs\.(json|parts\/[\w-]+\.json) would be \d+\.\d KB, over the 1\.0 KB that fit one asset file: not written\.\nUse Upstash Vector instead: set UPSTASH_VECTOR_REST_URL/);
    expect(existsSync(out)).toBe(false);
    expect((await new LocalIndexTarget(out).write(buildIndex(corpus(2), 'docs'), false)).bytes).toBeGreaterThan(1000);
    expect(existsSync(out)).toBe(true);
  });
});
