import { describe, expect, it } from 'vitest';
import { buildIndex, serializeIndex } from '../src/retrieval/search-index';
import { readDocsFolder } from './docs-folder';
import { estimateIndex } from './index-budget';
import { sharedKb } from './shared-kb';

const kb = sharedKb();

describe.skipIf(!kb)('the index size estimate on the Cypress docs', () => {
  it('is within 10% of the docs.json the chunks then build, and not under it', async () => {
    const source = await readDocsFolder(`${kb}pages`, { productFromPath: true });
    const actual = Buffer.byteLength(serializeIndex(buildIndex(source.chunks, 'docs', { anchors: source.anchors, semantic: {} })));
    const estimate = estimateIndex(source.chunks).bytes;
    expect(estimate).toBeGreaterThanOrEqual(actual);
    expect((estimate - actual) / actual).toBeLessThan(0.1);
  }, 120_000);
});
