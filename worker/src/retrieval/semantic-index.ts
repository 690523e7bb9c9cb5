/**
 * The latent semantic part of a search index: each term's and each chunk's
 * vector in an LSA space (latent-semantics.ts), stored as int8 with one
 * scale per row so the index stays small, and how close a question is to
 * every page.
 *
 * Built once at ingest; the worker only decodes it and takes dot products.
 */
import { bagOfRows, fitLatentSpace, normalize, type LatentSpaceOptions } from './latent-semantics';

/** Rows of int8 numbers; row `i` is `values[i * width ...] × scales[i]`. */
export interface QuantizedRows {
  values: Int8Array;
  scales: Float32Array;
}

export interface SemanticIndex {
  dimensions: number;
  terms: string[];
  termRow: Map<string, number>;
  termVectors: QuantizedRows;
  /** Unit vector of each chunk, in chunk order. */
  chunkVectors: QuantizedRows;
}

/** The serialised form: int8 rows and float32 scales as base64. */
export interface SemanticFile {
  dimensions: number;
  terms: string[];
  termVectors: string;
  termScales: string;
  chunkVectors: string;
  chunkScales: string;
}

/**
 * Fit the space to the chunks (each given as its analysed terms) and place every chunk in it.
 *
 * @example
 * const semantic = buildSemanticIndex(chunks.map((chunk) => analyze(chunk.text)), { dimensions: 128 });
 * pageSimilarities(semantic, queryVector(semantic, ['invoice']), chunkPages, pageCount);
 */
export function buildSemanticIndex(chunkTerms: readonly (readonly string[])[], options: LatentSpaceOptions = {}): SemanticIndex {
  const space = fitLatentSpace(chunkTerms, options);
  const size = space.dimensions;
  const termRow = new Map(space.terms.map((term, row) => [term, row]));
  const chunks = new Float32Array(chunkTerms.length * size);
  chunkTerms.forEach((terms, chunk) => {
    const vector = chunks.subarray(chunk * size, (chunk + 1) * size);
    for (const [row, weight] of bagOfRows(terms, (term) => termRow.get(term))) {
      for (let k = 0; k < size; k++) vector[k]! += weight * space.vectors[row * size + k]!;
    }
    normalize(vector);
  });
  return { dimensions: size, terms: space.terms, termRow, termVectors: quantize(space.vectors, space.terms.length, size), chunkVectors: quantize(chunks, chunkTerms.length, size) };
}

/** A question's unit vector from its analysed terms and their weights. */
export function queryVector(index: SemanticIndex, terms: readonly string[], weights?: readonly number[]): Float32Array {
  const size = index.dimensions;
  const vector = new Float32Array(size);
  const { values, scales } = index.termVectors;
  for (const [row, weight] of bagOfRows(terms, (term) => index.termRow.get(term), weights)) {
    const scale = weight * scales[row]!;
    for (let k = 0; k < size; k++) vector[k]! += scale * values[row * size + k]!;
  }
  return normalize(vector);
}

/** True where typed arrays are little-endian (every engine a Worker or Node runs on), which the word reads below assume. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** For each page, the cosine between the question and the page's closest chunk (-1 for a page without chunks). */
export function pageSimilarities(index: SemanticIndex, query: Float32Array, chunkPages: ArrayLike<number>, pageCount: number): Float32Array {
  const size = index.dimensions;
  const best = new Float32Array(pageCount).fill(-1);
  const { values, scales } = index.chunkVectors;
  const count = chunkPages.length;
  const keep = (chunk: number, dot: number) => {
    const cosine = dot * scales[chunk]!;
    const page = chunkPages[chunk]!;
    if (cosine > best[page]!) best[page] = cosine;
  };
  // Four chunks at a time, each read four int8 values per 32-bit word: each chunk's sum is still
  // added term by term in order (the same to the last bit), but the four sums do not wait on one
  // another and a quarter of the reads remain, which more than halves the time.
  let chunk = 0;
  if (LITTLE_ENDIAN && size % 4 === 0 && values.byteOffset % 4 === 0) {
    const words = new Int32Array(values.buffer, values.byteOffset, values.length >> 2);
    const weights = Float64Array.from(query);
    const stride = size >> 2;
    for (; chunk + 4 <= count; chunk += 4) {
      let dot0 = 0;
      let dot1 = 0;
      let dot2 = 0;
      let dot3 = 0;
      let word = chunk * stride;
      for (let k = 0; k < size; k += 4, word++) {
        const a = words[word]!;
        const b = words[word + stride]!;
        const c = words[word + 2 * stride]!;
        const d = words[word + 3 * stride]!;
        // The lowest byte is value k (little-endian); shifting it to the top and back keeps its sign.
        let weight = weights[k]!;
        dot0 += weight * ((a << 24) >> 24);
        dot1 += weight * ((b << 24) >> 24);
        dot2 += weight * ((c << 24) >> 24);
        dot3 += weight * ((d << 24) >> 24);
        weight = weights[k + 1]!;
        dot0 += weight * ((a << 16) >> 24);
        dot1 += weight * ((b << 16) >> 24);
        dot2 += weight * ((c << 16) >> 24);
        dot3 += weight * ((d << 16) >> 24);
        weight = weights[k + 2]!;
        dot0 += weight * ((a << 8) >> 24);
        dot1 += weight * ((b << 8) >> 24);
        dot2 += weight * ((c << 8) >> 24);
        dot3 += weight * ((d << 8) >> 24);
        weight = weights[k + 3]!;
        dot0 += weight * (a >> 24);
        dot1 += weight * (b >> 24);
        dot2 += weight * (c >> 24);
        dot3 += weight * (d >> 24);
      }
      keep(chunk, dot0);
      keep(chunk + 1, dot1);
      keep(chunk + 2, dot2);
      keep(chunk + 3, dot3);
    }
  }
  for (; chunk < count; chunk++) {
    let dot = 0;
    const offset = chunk * size;
    for (let k = 0; k < size; k++) dot += query[k]! * values[offset + k]!;
    keep(chunk, dot);
  }
  return best;
}

function quantize(vectors: Float32Array, rows: number, width: number): QuantizedRows {
  const values = new Int8Array(vectors.length);
  const scales = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    let largest = 0;
    for (let k = 0; k < width; k++) largest = Math.max(largest, Math.abs(vectors[row * width + k]!));
    const scale = largest / 127;
    scales[row] = scale;
    for (let k = 0; k < width; k++) values[row * width + k] = scale > 0 ? Math.round(vectors[row * width + k]! / scale) : 0;
  }
  return { values, scales };
}

export function serializeSemantic(index: SemanticIndex): SemanticFile {
  return {
    dimensions: index.dimensions,
    terms: index.terms,
    termVectors: toBase64(index.termVectors.values),
    termScales: toBase64(index.termVectors.scales),
    chunkVectors: toBase64(index.chunkVectors.values),
    chunkScales: toBase64(index.chunkVectors.scales),
  };
}

/** Decode a serialised semantic index; undefined when its parts do not fit together. */
export function loadSemantic(file: SemanticFile, chunkCount: number): SemanticIndex | undefined {
  const size = file.dimensions;
  const termVectors = { values: new Int8Array(fromBase64(file.termVectors).buffer), scales: new Float32Array(fromBase64(file.termScales).buffer) };
  const chunkVectors = { values: new Int8Array(fromBase64(file.chunkVectors).buffer), scales: new Float32Array(fromBase64(file.chunkScales).buffer) };
  const fits =
    Number.isInteger(size) &&
    termVectors.scales.length === file.terms.length &&
    termVectors.values.length === file.terms.length * size &&
    chunkVectors.scales.length === chunkCount &&
    chunkVectors.values.length === chunkCount * size;
  if (!fits) return undefined;
  return { dimensions: size, terms: file.terms, termRow: new Map(file.terms.map((term, row) => [term, row])), termVectors, chunkVectors };
}

function toBase64(array: Int8Array | Float32Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let binary = '';
  // String.fromCharCode takes arguments, so go in slices well under the engines' argument limit.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
  return bytes;
}
