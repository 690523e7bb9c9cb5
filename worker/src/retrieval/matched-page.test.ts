import { describe, expect, it } from 'vitest';
import { MatchedPage } from './matched-page';
import type { WordMatches } from './word-match';

describe('MatchedPage', () => {
  it('lists its chunks through the results, best first, asking the results only when first read', () => {
    const ids = [40, 7, 41, 8, 42];
    const asked: number[] = [];
    const results: WordMatches = {
      length: ids.length,
      id: (at) => (asked.push(at), ids[at]!),
      score: (at) => 10 - at,
      queryTerms: () => [],
      match: (at) => ({ [`term${at}`]: ['text'] }),
    };
    // Positions 0, 2 and 4 are this page's chunks.
    const next = Int32Array.of(2, -1, 4, -1, -1);
    const page = new MatchedPage(3, results, next);
    page.matched = 3;
    page.first = 0;
    expect(asked).toEqual([]);
    expect(page.chunks.map((chunk) => [chunk.chunk, chunk.score, chunk.match])).toEqual([
      [40, 10, { term0: ['text'] }],
      [41, 8, { term2: ['text'] }],
      [42, 6, { term4: ['text'] }],
    ]);
    expect(page.chunks).toBe(page.chunks);
  });

  it('starts with no chunks when the word match found none of its own (found through a link or its outline)', () => {
    const page = new MatchedPage(0, { length: 0, id: () => 0, score: () => 0, queryTerms: () => [], match: () => ({}) }, new Int32Array(0));
    page.chunks.push({ chunk: 5, score: 0 });
    expect(page.chunks).toEqual([{ chunk: 5, score: 0 }]);
  });
});
