import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type MiniSearch from 'minisearch';
import { describe, expect, it, vi } from 'vitest';
import { chunkPage, parsePage } from './markdown-chunker';
import { buildIndex, loadIndex, serializeIndex } from './search-index';
import { fromResults, matchWords, type WordMatches, type WordMatchOptions } from './word-match';
import { analyze } from '../domain/text-analysis';

const root = 'examples/docs';
const chunks = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
  .flatMap((entry) => {
    const pageId = relative(root, join(entry.parentPath, entry.name));
    return chunkPage(parsePage(readFileSync(join(root, pageId), 'utf8'), 'markdown'), { pageId, url: `/${pageId}`, product: pageId.split('/')[0] });
  });
const built = buildIndex(chunks, 'docs');
const index = loadIndex(serializeIndex(built));

const listed = (matches: WordMatches) => Array.from({ length: matches.length }, (_, at) => ({ id: matches.id(at), score: matches.score(at), queryTerms: matches.queryTerms(at), match: matches.match(at) }));

describe('word match over the compact postings', () => {
  const queries = ['sync offline', 'export import notes', 'billing invoice refund', 'keyboard shortcuts', 'share a note with the team', 'instal desktp', 'synchronise', 'pasword reset', 'note note sync', ''];
  const fuzzy = (term: string) => (term.length >= 5 && !index.documentFrequency.has(term) ? 0.2 : false);
  const variants: WordMatchOptions[] = [
    { boost: { title: 3, section: 2, path: 1.5, text: 1 }, fuzzy },
    { boost: { title: 3, section: 2 }, boostTerm: (term) => (term.startsWith('s') ? 0.5 : 1), boostDocument: (id) => (index.chunks[id]!.page % 3 === 0 ? 1.3 : 1) },
    { boost: {}, boostDocument: (id) => (id % 4 === 0 ? 0 : 1) },
  ];

  it('scores, orders and explains every match exactly as MiniSearch\'s own search, to the last bit', () => {
    let compared = 0;
    for (const query of queries) {
      const terms = analyze(query);
      for (const options of variants) {
        const expected = listed(fromResults(index.engine as MiniSearch<never>, terms, options));
        compared += expected.length;
        expect(listed(matchWords(index.engine as MiniSearch<never>, terms, options))).toEqual(expected);
        expect(listed(matchWords(index.pageEngine as MiniSearch<never>, terms, options))).toEqual(listed(fromResults(index.pageEngine as MiniSearch<never>, terms, options)));
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('scores a loaded index without MiniSearch\'s search', () => {
    const search = vi.spyOn(index.engine, 'search');
    expect(matchWords(index.engine as MiniSearch<never>, ['sync'], { boost: {} }).length).toBeGreaterThan(0);
    expect(search).not.toHaveBeenCalled();
    search.mockRestore();
  });

  it('keeps one search\'s results through the next, and a throwing document boost spoils no later search', () => {
    const engine = index.engine as MiniSearch<never>;
    const expected = listed(fromResults(engine, ['sync', 'offline'], { boost: {} }));
    const first = matchWords(engine, ['sync', 'offline'], { boost: {} });
    expect(() => matchWords(engine, ['note', 'sync'], { boost: {}, boostDocument: (id) => { if (id > 5) throw new Error('boom'); return 1; } })).toThrow('boom');
    matchWords(engine, ['offline', 'export'], { boost: {} });
    expect(listed(first)).toEqual(expected);
    expect(listed(matchWords(engine, ['sync', 'offline'], { boost: {} }))).toEqual(expected);
  });

  it('counts a repeated query word once in queryTerms and twice in the score, as MiniSearch does', () => {
    const once = listed(matchWords(index.engine as MiniSearch<never>, ['sync'], { boost: {} }));
    const twice = listed(matchWords(index.engine as MiniSearch<never>, ['sync', 'sync'], { boost: {} }));
    expect(twice.map((match) => match.queryTerms)).toEqual(once.map((match) => match.queryTerms));
    expect(twice.map((match) => match.score)).toEqual(once.map((match) => match.score * 2));
  });

  it('falls back to MiniSearch for an engine built in memory and for more than 31 distinct words', () => {
    const terms = analyze('sync offline desktop');
    expect(listed(matchWords(built.engine as MiniSearch<never>, terms, { boost: {} }))).toEqual(listed(fromResults(index.engine as MiniSearch<never>, terms, { boost: {} })));
    const many = [...index.documentFrequency.keys()].slice(0, 40);
    const expected = listed(fromResults(index.engine as MiniSearch<never>, many, { boost: {} }));
    expect(expected.length).toBeGreaterThan(0);
    expect(listed(matchWords(index.engine as MiniSearch<never>, many, { boost: {} }))).toEqual(expected);
  });
});
