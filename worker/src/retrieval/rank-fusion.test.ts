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
