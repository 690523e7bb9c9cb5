import { describe, expect, it } from 'vitest';
import { principalAxes, symmetricEigen } from './principal-axes';

describe('principalAxes', () => {
  it('finds the direction of greatest spread first, then the next', () => {
    const rows = [-2, -1, 1, 2].flatMap((t) => [Float64Array.of(5 + t, 5 + t, 0.1 * t), Float64Array.of(5 + t + 0.3, 5 + t - 0.3, 0)]);
    const [first, second] = principalAxes(rows, 2);
    expect(Math.abs(first![0]!)).toBeCloseTo(Math.SQRT1_2, 1);
    expect(Math.abs(first![1]!)).toBeCloseTo(Math.SQRT1_2, 1);
    expect(Math.abs(first![0]! * second![0]! + first![1]! * second![1]! + first![2]! * second![2]!)).toBeLessThan(1e-9);
  });

  it('diagonalises a symmetric matrix: A v = λ v for each pair', () => {
    const matrix = [Float64Array.of(4, 1, 2), Float64Array.of(1, 3, 0), Float64Array.of(2, 0, 5)];
    const copy = matrix.map((row) => Float64Array.from(row));
    const { values, vectors } = symmetricEigen(matrix);
    for (let column = 0; column < 3; column++) {
      for (let i = 0; i < 3; i++) {
        const av = copy[i]!.reduce((sum, value, j) => sum + value * vectors[j]![column]!, 0);
        expect(av).toBeCloseTo(values[column]! * vectors[i]![column]!, 9);
      }
    }
  });
});
