import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { CompactPostings, loadCompactEngine } from './compact-postings';
import { chunkPage, parsePage } from './markdown-chunker';
import { packSearch, unpackPostings } from './packed-postings';
import { INDEX_FIELDS } from './search-index';
import { processTerm, tokenize } from '../domain/text-analysis';

const root = 'examples/docs';
const chunks = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
  .flatMap((entry) => {
    const pageId = relative(root, join(entry.parentPath, entry.name));
    return chunkPage(parsePage(readFileSync(join(root, pageId), 'utf8'), 'markdown'), { pageId, url: `/${pageId}` });
  });
const options = { fields: [...INDEX_FIELDS], storeFields: [], tokenize, processTerm: (term: string) => processTerm(term) };
const original = new MiniSearch<{ id: number; title: string; section: string; path: string; text: string }>(options);
original.addAll(chunks.map((chunk, id) => ({ id, title: chunk.title, section: chunk.section, path: chunk.pageId, text: chunk.text })));
const packed = JSON.parse(JSON.stringify(packSearch(original.toJSON()))) as ReturnType<typeof packSearch>;
const { postings, ...rest } = packed;
const fromMaps = MiniSearch.loadJS({ ...rest, index: unpackPostings(postings) as never }, options);
const compact = loadCompactEngine(packed, options);

describe('compact postings', () => {
  it('answer every query exactly as MiniSearch\'s own index: scores, matches, order, fuzzy and prefix lookups', () => {
    const queries = ['sync offline', 'export import notes', 'billing invoice refund', 'keyboard shortcuts', 'share a note with the team', 'instal desktp', 'synchronise', 'pasword reset'];
    const searchOptions = [
      { prefix: false, fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false), boost: { title: 3, section: 2, path: 1.5, text: 1 } },
      { prefix: true, boostDocument: (id: number) => (id % 3 === 0 ? 1.3 : 1), boostTerm: (term: string) => (term.startsWith('s') ? 0.5 : 1) },
    ];
    let matched = 0;
    for (const query of queries) {
      for (const search of searchOptions) {
        const expected = fromMaps.search(query, search);
        matched += expected.length;
        expect(compact.search(query, search)).toEqual(expected);
      }
    }
    expect(matched).toBeGreaterThan(100);
  });

  it('keep every term and posting, so the engine serialises back to the same postings', () => {
    const index = new CompactPostings(postings, Object.keys(rest.fieldIds).length);
    expect(index.size).toBe(postings.length);
    expect(JSON.stringify(packSearch(compact.toJSON()))).toBe(JSON.stringify(packSearch(fromMaps.toJSON())));
    expect(() => compact.add({ id: 999, title: 'x', section: '', path: '', text: 'new words' })).toThrow(/read-only/);
  });
});
