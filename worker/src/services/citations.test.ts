import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../ports';
import { citedNumbers, numberSources } from './citations';

const hit = (pageId: string, score: number, collection: SearchHit['collection'] = 'docs'): SearchHit => ({
  id: `${pageId}#${score}`,
  collection,
  pageId,
  title: pageId.toUpperCase(),
  url: `https://docs.example/${pageId}`,
  text: 'text',
  score,
});

describe('numberSources', () => {
  it('numbers one source per page in rank order, so [1] is the best page', () => {
    const { sources, hits } = numberSources([hit('a', 0.9), hit('a', 0.8), hit('b', 0.7), hit('c', 0.6)], 5);
    expect(sources.map((source) => [source.n, source.url])).toEqual([
      [1, 'https://docs.example/a'],
      [2, 'https://docs.example/b'],
      [3, 'https://docs.example/c'],
    ]);
    expect(hits.map((kept) => kept.pageId)).toEqual(['a', 'b', 'c']);
  });

  it('marks resolved tickets as such and never exposes scores', () => {
    const { sources } = numberSources([hit('T-1', 0.9, 'tickets')], 5);
    expect(sources[0]).toEqual({ n: 1, title: 'Resolved case: T-1', url: 'https://docs.example/T-1', kind: 'ticket' });
    expect(JSON.stringify(sources)).not.toContain('score');
  });

  it('stops at the limit', () => {
    expect(numberSources([hit('a', 1), hit('b', 1), hit('c', 1)], 2).sources).toHaveLength(2);
  });
});

describe('citedNumbers', () => {
  it('finds each citation once, sorted', () => {
    expect(citedNumbers('See [3] and [1], again [3]. Not [x] or [123].')).toEqual([1, 3]);
  });
});

describe('withinReachOfBest', () => {
  it('keeps the pages at least half as strong as the best one, in rank order, and always the first', async () => {
    const { withinReachOfBest } = await import('./answering');
    const pages = [hit('a', 0.4), hit('b', 0.98), hit('c', 0.3), hit('d', 0.6)];
    expect(withinReachOfBest(pages).map((page) => page.pageId)).toEqual(['a', 'b', 'd']);
    expect(withinReachOfBest([])).toEqual([]);
  });

  it('drops a top-ranked page with no evidence of its own (found only through a link), never citing it first', async () => {
    const { withinReachOfBest } = await import('./answering');
    expect(withinReachOfBest([hit('linked', 0), hit('b', 0.9), hit('c', 0.2)]).map((page) => page.pageId)).toEqual(['b']);
    expect(withinReachOfBest([hit('linked', 0)])).toEqual([]);
  });
});
