/**
 * Principal axes of a set of rows: the eigenvectors of their covariance, strongest first, by cyclic
 * Jacobi rotations. For the word-vector build (100 columns), where a library would be a dependency
 * for one small symmetric eigenproblem.
 */

/**
 * The `count` strongest principal axes (unit vectors) of the rows, centred on their mean.
 *
 * @example
 * principalAxes([Float64Array.of(1, 0), Float64Array.of(-1, 0), Float64Array.of(0, 0.1)], 1) // [[±1, 0]]
 */
export function principalAxes(rows: readonly Float64Array[], count: number): Float64Array[] {
  const width = rows[0]?.length ?? 0;
  const mean = new Float64Array(width);
  for (const row of rows) for (let k = 0; k < width; k++) mean[k]! += row[k]! / rows.length;
  const covariance = Array.from({ length: width }, () => new Float64Array(width));
  const centred = new Float64Array(width);
  for (const row of rows) {
    for (let k = 0; k < width; k++) centred[k] = row[k]! - mean[k]!;
    for (let i = 0; i < width; i++) for (let j = i; j < width; j++) covariance[i]![j]! += centred[i]! * centred[j]!;
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) covariance[i]![j] = covariance[j]![i]!;
  const { values, vectors } = symmetricEigen(covariance);
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  return order.slice(0, count).map((column) => Float64Array.from(vectors, (row) => row[column]!));
}

/** Eigenvalues and eigenvectors (as columns) of a symmetric matrix, which is overwritten. */
export function symmetricEigen(matrix: Float64Array[]): { values: Float64Array; vectors: Float64Array[] } {
  const n = matrix.length;
  const vectors = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += matrix[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = matrix[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (matrix[q]![q]! - matrix[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = matrix[k]![p]!;
          const akq = matrix[k]![q]!;
          matrix[k]![p] = c * akp - s * akq;
          matrix[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = matrix[p]![k]!;
          const aqk = matrix[q]![k]!;
          matrix[p]![k] = c * apk - s * aqk;
          matrix[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = vectors[k]![p]!;
          const vkq = vectors[k]![q]!;
          vectors[k]![p] = c * vkp - s * vkq;
          vectors[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from(matrix, (row, i) => row[i]!), vectors };
}
