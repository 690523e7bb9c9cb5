import { describe, expect, it } from 'vitest';
import { orderByScore } from './score-order';

/** The order orderByScore stands in for: a stable comparison sort, best first. */
const compared = (items: number[], scores: ArrayLike<number>) => [...items].sort((a, b) => scores[b]! - scores[a]!);

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe('orderByScore', () => {
  it('orders as the stable comparison sort does, ties in the order given', () => {
    const next = random(7);
    for (const size of [0, 1, 2, 17, 300, 5000]) {
      // Few distinct values (many ties), values that differ in their last bits only, and values far apart.
      const scores = Float64Array.from({ length: size }, (_, at) => (at % 3 === 0 ? Math.floor(next() * 5) : at % 3 === 1 ? 1 + next() * 1e-12 : next() * 10 ** Math.floor(next() * 12 - 6)));
      const items = Array.from({ length: size }, (_, at) => at).sort(() => next() - 0.5);
      expect(Array.from(orderByScore(Int32Array.from(items), scores))).toEqual(compared(items, scores));
    }
  });

  it('orders negative numbers, both zeros and infinities as the comparison does', () => {
    const scores = [3, -0, 0, -2.5, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 1, -2.5];
    const items = scores.map((_, at) => at).reverse();
    expect(Array.from(orderByScore(Int32Array.from(items), scores))).toEqual(compared(items, scores));
  });

  it('gives the comparison sort\'s own answer for scores with NaN', () => {
    const scores = [1, Number.NaN, 3, 2];
    expect(Array.from(orderByScore(Int32Array.of(0, 1, 2, 3), scores))).toEqual(compared([0, 1, 2, 3], scores));
  });
});
