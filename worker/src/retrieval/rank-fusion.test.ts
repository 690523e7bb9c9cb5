import { describe, expect, it } from 'vitest';
import { fuseRanks, propagate } from './rank-fusion';

describe('fuseRanks', () => {
  it('lets the second ranking lift an item the first put lower, by rank not by raw score', () => {
    const fused = fuseRanks([7, 3, 5], [0, 0, 0, 0.9, 0, 0.1, 0, 0.2], { k: 1, weight: 1 });
    // Second ranking: 3 first, 7 second, 5 third.
    expect(fused).toEqual([1 / 1 + 1 / 2, 1 / 2 + 1 / 1, 1 / 3 + 1 / 3]);
    const scaled = fuseRanks([7, 3, 5], [0, 0, 0, 900, 0, 100, 0, 200], { k: 1, weight: 1 });
    expect(scaled).toEqual(fused);
  });

  it('gives tied second scores one rank, so a tie never reorders the first ranking', () => {
    const fused = fuseRanks([5, 0, 3, 1], [0, 0, 0, 0, 0, 0], { k: 10, weight: 1 });
    expect(fused).toEqual([...fused].sort((a, b) => b - a));
    expect(new Set(fused).size).toBe(4);
  });

  it('ranks each item as a stable sort of all second scores would, ties sharing the best rank', () => {
    // The ranks by sorting every item, best first, a tie taking the rank of the first of its scores.
    const bySorting = (order: number[], scores: number[], k: number, weight: number) => {
      const byScore = scores.map((_, item) => item).sort((a, b) => scores[b]! - scores[a]!);
      const rank = new Int32Array(scores.length);
      byScore.forEach((item, at) => (rank[item] = at > 0 && scores[item] === scores[byScore[at - 1]!] ? rank[byScore[at - 1]!]! : at));
      return order.map((item, at) => 1 / (k + at) + weight / (k + rank[item]!));
    };
    let state = 11;
    const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const size of [1, 2, 40, 2000]) {
      // Many ties, both zeros, negative cosines and the -1 of a page without chunks.
      const scores = Array.from({ length: size }, (_, at) => (at % 5 === 0 ? -1 : at % 5 === 1 ? (next() < 0.5 ? 0 : -0) : Math.round(next() * 40) / 20 - 1));
      const order = scores.map((_, item) => item).filter(() => next() < 0.7).sort(() => next() - 0.5);
      expect(fuseRanks(order, Float32Array.from(scores), { k: 20, weight: 0.3 })).toEqual(bySorting(order, Array.from(Float32Array.from(scores)), 20, 0.3));
    }
  });

  it('gives a NaN second score a rank without throwing', () => {
    const fused = fuseRanks([0, 1], [Number.NaN, 1], { k: 20, weight: 1 });
    expect(fused.every(Number.isFinite)).toBe(true);
  });

  it('keeps the first order when the second ranking has no weight', () => {
    const fused = fuseRanks([2, 0, 1], [0.1, 0.2, 0.9], { k: 20, weight: 0 });
    expect(fused[0]).toBeGreaterThan(fused[1]!);
    expect(fused[1]).toBeGreaterThan(fused[2]!);
  });
});

describe('propagate', () => {
  it('passes each source its share of the best score, split over its links with damping', () => {
    expect(propagate([{ score: 2, links: [5] }, { score: 1, links: [5, 6] }], 1)).toEqual(
      new Map([
        [5, 1 + 0.25],
        [6, 0.25],
      ]),
    );
    const undamped = propagate([{ score: 1, links: [5, 6] }], 0);
    expect(undamped.get(5)).toBe(1);
  });

  it('passes nothing from sources without links or without relevance', () => {
    expect(propagate([{ score: 3 }, { score: 1, links: [] }], 0.5).size).toBe(0);
    expect(propagate([{ score: 0, links: [1] }], 0.5).size).toBe(0);
  });
});
