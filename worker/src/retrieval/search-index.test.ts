import { describe, expect, it } from 'vitest';
import { chunkPage, parsePage } from './markdown-chunker';
import { buildIndex, IndexFormatError, INDEX_FORMAT_VERSION, loadIndex, serializeIndex } from './search-index';

const chunks = [
  ...chunkPage(parsePage('# Billing\n\n## Change your plan\n\nOpen the billing page and pick a plan.', 'markdown'), { pageId: 'billing.md', url: '/billing', product: 'cloud' }),
  ...chunkPage(parsePage('# Install\n\n## Requirements\n\nNode.js 20 or newer.', 'markdown'), { pageId: 'install.md', url: '/install' }),
];

describe('search index', () => {
  it('round-trips through JSON with its format version and the same search results', () => {
    const built = buildIndex(chunks, 'docs');
    const json = serializeIndex(built);
    expect(JSON.parse(json)).toMatchObject({ format: 'switchboard-local-index', version: INDEX_FORMAT_VERSION, collection: 'docs' });
    const loaded = loadIndex(json);
    expect(loaded.pages.map((page) => page.pageId)).toEqual(['billing.md', 'install.md']);
    expect(loaded.pages[0]).toEqual({ pageId: 'billing.md', title: 'Billing', url: '/billing', product: 'cloud' });
    const search = (index: typeof built) => index.engine.search('plan', { tokenize: (text) => [text], processTerm: (term) => term }).map((result) => result.id);
    expect(search(loaded)).toEqual(search(built));
    expect(search(loaded)).toHaveLength(1);
    expect(loaded.documentFrequency.get('plan')).toBe(1);
  });

  it('keeps the semantic vectors and each chunk\'s links through JSON', () => {
    const anchors = new Map([['install.md', [{ text: 'install', context: 'Install first.', from: 'billing.md', section: 'Change your plan' }]]]);
    const plans = chunkPage(parsePage('# Plans\n\nEvery plan runs on Node.js 20.', 'markdown'), { pageId: 'plans.md', url: '/plans' });
    const built = buildIndex([...chunks, ...plans], 'docs', { anchors, semantic: { dimensions: 2 } });
    const loaded = loadIndex(serializeIndex(built));
    expect(loaded.chunks.map((chunk) => chunk.links)).toEqual([[1], undefined, undefined]);
    expect(built.semantic?.dimensions).toBe(2);
    expect(loaded.semantic?.dimensions).toBe(built.semantic?.dimensions);
    expect(loaded.semantic?.terms).toEqual(built.semantic?.terms);
    expect(loaded.semantic?.chunkVectors.values).toEqual(built.semantic?.chunkVectors.values);
    expect(loadIndex(serializeIndex(buildIndex(chunks, 'docs'))).semantic).toBeUndefined();
  });

  it('refuses semantic vectors that do not match the chunks', () => {
    const plans = chunkPage(parsePage('# Plans\n\nEvery plan runs on Node.js 20.', 'markdown'), { pageId: 'plans.md', url: '/plans' });
    const file = JSON.parse(serializeIndex(buildIndex([...chunks, ...plans], 'docs', { semantic: { dimensions: 2 } })));
    expect(file.semantic).toBeDefined();
    expect(() => loadIndex({ ...file, chunks: file.chunks.slice(1) })).toThrow(IndexFormatError);
  });

  it('accepts an already-parsed object, as from Response.json()', () => {
    const loaded = loadIndex(JSON.parse(serializeIndex(buildIndex(chunks, 'tickets'))));
    expect(loaded.collection).toBe('tickets');
    expect(loaded.chunks).toHaveLength(2);
  });

  it('refuses other files and other versions with a message naming the fix', () => {
    expect(() => loadIndex('{"hello":1}')).toThrow(IndexFormatError);
    const file = JSON.parse(serializeIndex(buildIndex(chunks, 'docs')));
    expect(() => loadIndex({ ...file, version: INDEX_FORMAT_VERSION + 1 })).toThrow(/npm run ingest/);
  });
});
