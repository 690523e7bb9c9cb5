import { describe, expect, it } from 'vitest';
import { bestOf, ownPassages, type PageCandidate, signalRanksOf } from './page-evidence';

/** Each signal's places as a stable sort, best first, gives them: the definition signalRanksOf counts without sorting. */
function sortedPlaces(candidates: PageCandidate[], closeness: ArrayLike<number> | undefined): Map<PageCandidate, number[]> {
  const positions = (value: (candidate: PageCandidate) => number) => new Map([...candidates].sort((a, b) => value(b) - value(a)).map((candidate, rank) => [candidate, value(candidate) > 0 ? rank : candidates.length]));
  const words = positions((candidate) => candidate.raw);
  const page = positions((candidate) => candidate.pageRaw);
  const semantic = closeness ? positions((candidate) => closeness[candidate.page]! + 1) : undefined;
  return new Map(candidates.map((candidate) => [candidate, [words.get(candidate)!, page.get(candidate)!, semantic?.get(candidate) ?? -1]]));
}

describe('signal ranks', () => {
  it('place each page where a stable sort of every candidate by each signal puts it, ties and zeros included', () => {
    // Few distinct values, so ties are common; some pages score 0 in a signal.
    const candidates: PageCandidate[] = Array.from({ length: 60 }, (_, page) => ({ page, chunks: [], raw: (page * 7) % 5, pageRaw: (page * 3) % 4, linked: 0, concepts: new Set() }));
    const closeness = Float32Array.from({ length: 60 }, (_, page) => ((page * 11) % 6) / 5 - 1);
    for (const semantic of [closeness, undefined]) {
      const expected = sortedPlaces(candidates, semantic);
      const ranks = signalRanksOf(candidates, semantic);
      for (const candidate of candidates) expect(ranks.get(candidate)).toEqual(expected.get(candidate));
    }
    expect(new Set(candidates.map((candidate) => signalRanksOf(candidates, closeness).get(candidate)[0])).size).toBeGreaterThan(3);
  });
});

describe('own passages', () => {
  it('are the first chunks holding two concepts in their own section or text, and later chunks are not asked what they matched', () => {
    const byTerm = new Map([['proxi', { term: 'proxi', weight: 1, concept: 0 }], ['instal', { term: 'instal', weight: 1, concept: 1 }], ['npm', { term: 'npm', weight: 1, concept: 2 }]]);
    const asked: number[] = [];
    const chunk = (number: number, match: Record<string, string[]>) => ({
      chunk: number,
      score: 10 - number,
      get match() {
        asked.push(number);
        return match;
      },
    });
    const chunks = [
      chunk(0, { proxi: ['text'], instal: ['title'] }),
      chunk(1, { proxi: ['section'], instal: ['text'] }),
      chunk(2, { npm: ['text'] }),
      chunk(3, { instal: ['text'], npm: ['text'], proxi: ['path'] }),
      chunk(4, { proxi: ['text'], npm: ['text'] }),
    ];
    const candidate: PageCandidate = { page: 0, chunks, raw: 1, pageRaw: 0, linked: 0, concepts: new Set() };
    expect(ownPassages(candidate, byTerm, 2)).toEqual([1, 3]);
    expect(asked).toEqual([0, 1, 2, 3]);
    expect(ownPassages(candidate, byTerm, 5)).toEqual([1, 3, 4]);
  });
});

describe('bestOf', () => {
  it('gives the first items of a stable sort, best first, ties in the order given', () => {
    let state = 5;
    const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const size of [0, 3, 15, 16, 200, 2000]) {
      const items = Array.from({ length: size }, (_, id) => ({ id, rank: Math.floor(next() * 8) / 4 }));
      for (const count of [1, 5, 15]) {
        expect(bestOf(items, count, (item) => item.rank)).toEqual([...items].sort((a, b) => b.rank - a.rank).slice(0, count));
      }
    }
  });
});
