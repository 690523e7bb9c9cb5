/**
 * Latent semantic analysis (LSA): a truncated SVD of the corpus's weighted
 * term × document matrix, so words that occur in the same kinds of passages
 * land near each other. A question and a page can then be close without
 * sharing a word ("charts" and "visual testing").
 *
 * The SVD is the randomized range finder of Halko, Martinsson and Tropp (2011)
 * with power iterations, over a sparse matrix, and a Jacobi eigensolver for the
 * small dense core. Pure TypeScript, deterministic for a given corpus.
 */

export interface LatentSpaceOptions {
  /** Number of latent dimensions kept. */
  dimensions?: number;
  /** Terms in fewer documents than this are left out: they say nothing about co-occurrence. */
  minDocumentFrequency?: number;
  /** Power iterations of the range finder; more sharpens the leading dimensions. */
  powerIterations?: number;
  /** Seed of the random projection, so the same corpus always gives the same space. */
  seed?: number;
}

/**
 * Term vectors of a latent space: row `i` of `vectors` (length `dimensions`)
 * belongs to `terms[i]` and is already weighted by the term's idf, so a text's
 * vector is the sum of its terms' rows (see `projectTerms`).
 */
export interface LatentSpace {
  dimensions: number;
  terms: string[];
  vectors: Float32Array;
}

/**
 * Fit a latent space to documents given as their analysed terms.
 *
 * @example
 * const space = fitLatentSpace([['plan', 'price'], ['price', 'invoice'], ['install', 'node']], { dimensions: 2 });
 * // 'plan' and 'invoice' never meet, but both meet 'price': their rows point the same way.
 */
export function fitLatentSpace(documents: readonly (readonly string[])[], options: LatentSpaceOptions = {}): LatentSpace {
  const minDocumentFrequency = options.minDocumentFrequency ?? 2;
  const frequency = new Map<string, number>();
  for (const terms of documents) for (const term of new Set(terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const terms = [...frequency.keys()].filter((term) => frequency.get(term)! >= minDocumentFrequency).sort();
  const termNumber = new Map(terms.map((term, index) => [term, index]));
  const idf = Float32Array.from(terms, (term) => Math.log(documents.length / frequency.get(term)!));
  const matrix = weightedMatrix(documents, termNumber, idf);
  const rank = Math.min(options.dimensions ?? 128, terms.length, documents.length);
  const basis = rank > 0 ? leftSingularVectors(matrix, terms.length, rank, options.powerIterations ?? 2, options.seed ?? 1) : new Float64Array(0);
  const vectors = Float32Array.from(basis, (value, at) => value * idf[Math.floor(at / rank)]!);
  return { dimensions: rank, terms, vectors };
}

/** One document column: term numbers and their weights. */
interface SparseColumn {
  rows: Int32Array;
  values: Float64Array;
}

/** log(1 + tf) × idf, the usual LSA weighting. */
function weightedMatrix(documents: readonly (readonly string[])[], termNumber: Map<string, number>, idf: Float32Array): SparseColumn[] {
  return documents.map((terms) => {
    const counts = new Map<number, number>();
    for (const term of terms) {
      const row = termNumber.get(term);
      if (row !== undefined) counts.set(row, (counts.get(row) ?? 0) + 1);
    }
    const rows = Int32Array.from(counts.keys());
    return { rows, values: Float64Array.from(rows, (row) => Math.log(1 + counts.get(row)!) * idf[row]!) };
  });
}

/** The `rank` leading left singular vectors of the sparse matrix, as a row-major terms × rank array. */
function leftSingularVectors(columns: SparseColumn[], rowCount: number, rank: number, iterations: number, seed: number): Float64Array {
  const width = Math.min(rank + 10, columns.length, rowCount);
  const random = gaussian(seed);
  const projection = Float64Array.from({ length: columns.length * width }, random);
  let range = orthonormalize(multiply(columns, rowCount, projection, width), rowCount, width);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const back = orthonormalize(multiplyTransposed(columns, range, width), columns.length, width);
    range = orthonormalize(multiply(columns, rowCount, back, width), rowCount, width);
  }
  // B = Qᵀ A is width × documents; the eigenvectors of B Bᵀ rotate Q onto A's singular vectors.
  const core = multiplyTransposed(columns, range, width);
  const gram = new Float64Array(width * width);
  for (let document = 0; document < columns.length; document++) {
    const row = document * width;
    for (let i = 0; i < width; i++) {
      const value = core[row + i]!;
      if (value === 0) continue;
      for (let j = i; j < width; j++) gram[i * width + j]! += value * core[row + j]!;
    }
  }
  for (let i = 0; i < width; i++) for (let j = 0; j < i; j++) gram[i * width + j] = gram[j * width + i]!;
  const { values, vectors } = symmetricEigen(gram, width);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]!).slice(0, rank);
  const rotation = new Float64Array(width * rank);
  for (let i = 0; i < width; i++) for (let k = 0; k < rank; k++) rotation[i * rank + k] = vectors[i * width + order[k]!]!;
  const basis = new Float64Array(rowCount * rank);
  for (let row = 0; row < rowCount; row++) {
    for (let i = 0; i < width; i++) {
      const value = range[row * width + i]!;
      for (let k = 0; k < rank; k++) basis[row * rank + k]! += value * rotation[i * rank + k]!;
    }
  }
  return basis;
}

/** A (rows × documents, sparse) times X (documents × width, row-major). */
function multiply(columns: SparseColumn[], rowCount: number, x: Float64Array, width: number): Float64Array {
  const result = new Float64Array(rowCount * width);
  columns.forEach(({ rows, values }, document) => {
    for (let entry = 0; entry < rows.length; entry++) {
      const target = rows[entry]! * width;
      const value = values[entry]!;
      for (let k = 0; k < width; k++) result[target + k]! += value * x[document * width + k]!;
    }
  });
  return result;
}

/** Aᵀ (documents × rows, sparse) times Y (rows × width, row-major). */
function multiplyTransposed(columns: SparseColumn[], y: Float64Array, width: number): Float64Array {
  const result = new Float64Array(columns.length * width);
  columns.forEach(({ rows, values }, document) => {
    for (let entry = 0; entry < rows.length; entry++) {
      const source = rows[entry]! * width;
      const value = values[entry]!;
      for (let k = 0; k < width; k++) result[document * width + k]! += value * y[source + k]!;
    }
  });
  return result;
}

/** Orthonormal columns of a row-major rows × width matrix (modified Gram-Schmidt), in place. */
function orthonormalize(matrix: Float64Array, rowCount: number, width: number): Float64Array {
  // Work on contiguous columns: the row-major layout would stride through memory here.
  const columns = Array.from({ length: width }, (_, k) => Float64Array.from({ length: rowCount }, (_, row) => matrix[row * width + k]!));
  for (let k = 0; k < width; k++) {
    const column = columns[k]!;
    for (let previous = 0; previous < k; previous++) {
      const other = columns[previous]!;
      let dot = 0;
      for (let row = 0; row < rowCount; row++) dot += column[row]! * other[row]!;
      for (let row = 0; row < rowCount; row++) column[row]! -= dot * other[row]!;
    }
    let norm = 0;
    for (let row = 0; row < rowCount; row++) norm += column[row]! ** 2;
    const scale = norm > 1e-24 ? 1 / Math.sqrt(norm) : 0;
    for (let row = 0; row < rowCount; row++) column[row]! *= scale;
  }
  for (let k = 0; k < width; k++) for (let row = 0; row < rowCount; row++) matrix[row * width + k] = columns[k]![row]!;
  return matrix;
}

/** Eigenvalues and eigenvectors (as columns) of a small symmetric matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(input: Float64Array, size: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) offDiagonal += a[p * size + q]! ** 2;
    if (offDiagonal < 1e-22) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * size + q]! - a[p * size + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p]!;
          const akq = a[k * size + q]!;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k]!;
          const aqk = a[q * size + k]!;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p]!;
          const vkq = v[k * size + q]!;
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: size }, (_, i) => a[i * size + i]!), vectors: v };
}

/** Standard normal numbers from a seeded mulberry32 generator (Box-Muller). */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * The weight of each known term of a bag of terms: log(1 + its total weight),
 * the usual LSA dampening of repeated words. Terms `rowOf` does not know are skipped.
 */
export function bagOfRows(terms: readonly string[], rowOf: (term: string) => number | undefined, weights?: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  terms.forEach((term, position) => {
    const row = rowOf(term);
    if (row !== undefined) counts.set(row, (counts.get(row) ?? 0) + (weights?.[position] ?? 1));
  });
  for (const [row, count] of counts) counts.set(row, Math.log(1 + count));
  return counts;
}

/** The vector scaled to length 1, in place; the zero vector stays zero. */
export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < vector.length; k++) vector[k]! *= scale;
  return vector;
}
