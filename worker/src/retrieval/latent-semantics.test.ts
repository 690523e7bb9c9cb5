import { describe, expect, it } from 'vitest';
import { bagOfRows, fitLatentSpace, symmetricEigen, type LatentSpace } from './latent-semantics';

/** Cosine of two terms' rows. */
function similarity(space: LatentSpace, a: string, b: string): number {
  const row = (term: string) => space.vectors.subarray(space.terms.indexOf(term) * space.dimensions, (space.terms.indexOf(term) + 1) * space.dimensions);
  const [x, y] = [row(a), row(b)];
  let dot = 0;
  let xx = 0;
  let yy = 0;
  for (let k = 0; k < space.dimensions; k++) {
    dot += x[k]! * y[k]!;
    xx += x[k]! ** 2;
    yy += y[k]! ** 2;
  }
  return dot / Math.sqrt(xx * yy);
}

// Two topics; 'invoice' and 'refund' never share a document, but both share billing words.
const corpus = [
  ['invoice', 'billing', 'payment', 'card'],
  ['refund', 'billing', 'payment', 'card'],
  ['invoice', 'billing', 'plan'],
  ['refund', 'payment', 'plan'],
  ['install', 'node', 'terminal', 'npm'],
  ['upgrade', 'node', 'terminal', 'npm'],
  ['install', 'terminal', 'path'],
  ['upgrade', 'npm', 'path'],
];

describe('fitLatentSpace', () => {
  it('puts words that share contexts near each other, and words of other topics far away', () => {
    const space = fitLatentSpace(corpus, { dimensions: 2 });
    expect(space.dimensions).toBe(2);
    expect(similarity(space, 'invoice', 'refund')).toBeGreaterThan(0.9);
    expect(similarity(space, 'install', 'upgrade')).toBeGreaterThan(0.9);
    expect(Math.abs(similarity(space, 'invoice', 'install'))).toBeLessThan(0.2);
  });

  it('gives the same space for the same corpus, so rebuilt indexes are identical', () => {
    expect(fitLatentSpace(corpus, { dimensions: 3 })).toEqual(fitLatentSpace(corpus, { dimensions: 3 }));
  });

  it('leaves out terms rarer than minDocumentFrequency and never asks for more dimensions than the data has', () => {
    const space = fitLatentSpace([['alpha', 'beta'], ['alpha', 'gamma']], { dimensions: 50 });
    expect(space.terms).toEqual(['alpha']);
    expect(space.dimensions).toBe(1);
    expect(fitLatentSpace([], { dimensions: 8 }).dimensions).toBe(0);
  });
});

describe('symmetricEigen', () => {
  it('returns eigenpairs that satisfy A v = λ v', () => {
    const size = 3;
    const matrix = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
    const { values, vectors } = symmetricEigen(matrix, size);
    for (let column = 0; column < size; column++) {
      for (let row = 0; row < size; row++) {
        let product = 0;
        for (let k = 0; k < size; k++) product += matrix[row * size + k]! * vectors[k * size + column]!;
        expect(product).toBeCloseTo(values[column]! * vectors[row * size + column]!, 9);
      }
    }
    expect([...values].reduce((sum, value) => sum + value, 0)).toBeCloseTo(12, 9);
  });
});

describe('bagOfRows', () => {
  it('dampens repeats with log(1 + weight) and skips unknown terms', () => {
    const rows = bagOfRows(['plan', 'plan', 'zebra', 'card'], (term) => ({ plan: 0, card: 1 })[term], [1, 1, 1, 0.5]);
    expect([...rows]).toEqual([
      [0, Math.log(3)],
      [1, Math.log(1.5)],
    ]);
  });
});
