/**
 * A table of pretrained English word vectors keyed by index term (Porter stem), as
 * `npm run build:word-vectors` writes it: general knowledge of which words mean alike, which a
 * latent space fitted to one KB's docs cannot have ("laptop" near "computer", "cost" near "price").
 *
 * File layout (little-endian): a JSON header line `{ format, version, dimensions, count, termBytes }`,
 * then the terms joined by "\n" (`termBytes` UTF-8 bytes, in frequency order), padding to 4 bytes,
 * `count` float32 row scales, then `count × dimensions` int8 values. Row `i` is `values[i] × scales[i]`,
 * of unit length.
 */
export const WORD_VECTORS_FORMAT = 'switchboard-word-vectors';

export interface WordVectors {
  dimensions: number;
  /** Terms in frequency order: a term's row number is its frequency rank among the terms. */
  terms: string[];
  termRow: Map<string, number>;
  values: Int8Array;
  scales: Float32Array;
}

/** Quantise unit rows to int8 with one scale per row and lay them out as the file above. */
export function encodeWordVectors(terms: readonly string[], rows: Float32Array, dimensions: number): Uint8Array {
  const count = terms.length;
  const termBytes = new TextEncoder().encode(terms.join('\n'));
  const header = new TextEncoder().encode(`${JSON.stringify({ format: WORD_VECTORS_FORMAT, version: 1, dimensions, count, termBytes: termBytes.length })}\n`);
  const scalesAt = align4(header.length + termBytes.length);
  const valuesAt = scalesAt + count * 4;
  const bytes = new Uint8Array(valuesAt + count * dimensions);
  bytes.set(header, 0);
  bytes.set(termBytes, header.length);
  const scales = new Float32Array(bytes.buffer, scalesAt, count);
  const values = new Int8Array(bytes.buffer, valuesAt, count * dimensions);
  for (let row = 0; row < count; row++) {
    const vector = rows.subarray(row * dimensions, (row + 1) * dimensions);
    const norm = Math.hypot(...vector) || 1;
    let largest = 0;
    for (const value of vector) largest = Math.max(largest, Math.abs(value / norm));
    const scale = largest / 127 || 1;
    for (let k = 0; k < dimensions; k++) values[row * dimensions + k] = Math.round(vector[k]! / norm / scale);
    scales[row] = scale;
  }
  return bytes;
}

/**
 * Read a table written by `encodeWordVectors`.
 *
 * @example
 * const table = decodeWordVectors(readFileSync('worker/src/retrieval/word-vectors.bin'));
 * cosine(table, table.termRow.get('price')!, table.termRow.get('cost')!) // about 0.7
 */
export function decodeWordVectors(file: Uint8Array): WordVectors {
  const newline = file.indexOf(10);
  const header = JSON.parse(new TextDecoder().decode(file.subarray(0, newline))) as { format: string; version: number; dimensions: number; count: number; termBytes: number };
  if (header.format !== WORD_VECTORS_FORMAT || header.version !== 1) throw new Error(`not a ${WORD_VECTORS_FORMAT} file (version 1)`);
  const termsAt = newline + 1;
  const terms = new TextDecoder().decode(file.subarray(termsAt, termsAt + header.termBytes)).split('\n');
  const scalesAt = align4(termsAt + header.termBytes);
  // A copy, so the rows are aligned whatever offset the file's bytes sit at.
  const body = new Uint8Array(file.subarray(scalesAt));
  const scales = new Float32Array(body.buffer, 0, header.count);
  const values = new Int8Array(body.buffer, header.count * 4, header.count * header.dimensions);
  return { dimensions: header.dimensions, terms, termRow: new Map(terms.map((term, row) => [term, row])), values, scales };
}

/** Cosine of two rows of the table. */
export function cosine(table: WordVectors, a: number, b: number): number {
  const size = table.dimensions;
  let dot = 0;
  for (let k = 0; k < size; k++) dot += table.values[a * size + k]! * table.values[b * size + k]!;
  return dot * table.scales[a]! * table.scales[b]!;
}

/** Add `weight ×` a row of the table into `into`. */
export function addRow(table: WordVectors, row: number, weight: number, into: Float32Array): void {
  const size = table.dimensions;
  const scale = weight * table.scales[row]!;
  for (let k = 0; k < size; k++) into[k]! += scale * table.values[row * size + k]!;
}

const align4 = (offset: number) => Math.ceil(offset / 4) * 4;
