import { describe, expect, it } from 'vitest';
import { termProximity } from './proximity';

const concepts = new Map([
  ['unhandl', 0],
  ['reject', 1],
  ['promis', 2],
]);
const conceptOf = (term: string) => concepts.get(term);
const equal = new Map([
  [0, 1],
  [1, 1],
  [2, 1],
]);

describe('termProximity', () => {
  it('scores each pair of distinct concepts by 1/distance² within the window', () => {
    expect(termProximity(['unhandl', 'reject', 'promis'], conceptOf, equal, 5)).toBe(1 + 1 + 1 / 4);
    expect(termProximity(['reject', 'x', 'x', 'promis'], conceptOf, equal, 5)).toBeCloseTo(1 / 9);
  });

  it('gives nothing to words further apart than the window, or to a word next to itself', () => {
    expect(termProximity(['reject', 'x', 'x', 'x', 'promis'], conceptOf, equal, 3)).toBe(0);
    expect(termProximity(['reject', 'reject', 'reject'], conceptOf, equal, 5)).toBe(0);
    expect(termProximity(['reject', 'x', 'promis'], () => undefined, equal, 5)).toBe(0);
  });

  it("counts a pair at most once however often it recurs, at the smaller of its two concepts' weights", () => {
    const often = Array.from({ length: 10 }, () => ['reject', 'promis', 'x', 'x', 'x', 'x', 'x', 'x']).flat();
    expect(termProximity(often, conceptOf, equal, 5)).toBe(1);
    expect(termProximity(['reject', 'promis'], conceptOf, new Map([[1, 3], [2, 0.5]]), 5)).toBe(0.5);
  });

  it('reads term numbers as well as strings', () => {
    expect(termProximity(Int32Array.from([7, 8]), (id: number) => (id === 7 ? 0 : id === 8 ? 1 : undefined), equal, 5)).toBe(1);
  });
});
