import { describe, expect, it } from 'vitest';
import { buildSemanticIndex, loadSemantic, pageSimilarities, queryVector, serializeSemantic } from './semantic-index';

// Page 0 is about billing, page 1 about installing, page 2 about refunds; only page 2 says 'refund'.
const chunks = [
  ['invoice', 'billing', 'payment', 'card'],
  ['invoice', 'billing', 'plan'],
  ['install', 'node', 'terminal', 'npm'],
  ['upgrade', 'node', 'terminal', 'npm'],
  ['install', 'terminal', 'path'],
  ['refund', 'billing', 'payment'],
  ['refund', 'card', 'plan'],
];
const chunkPages = [0, 0, 1, 1, 1, 2, 2];

describe('semantic index', () => {
  const index = buildSemanticIndex(chunks, { dimensions: 2 });

  it('ranks the page about the topic first for a word the page never uses', () => {
    const similarities = pageSimilarities(index, queryVector(index, ['refund']), chunkPages, 3);
    expect(similarities[0]).toBeGreaterThan(0.9);
    expect(similarities[0]! - similarities[1]!).toBeGreaterThan(0.7);
  });

  it('gives the zero vector for a question with no known word, and -1 for a page without chunks', () => {
    const empty = queryVector(index, ['zebra']);
    expect([...empty].every((value) => value === 0)).toBe(true);
    expect(pageSimilarities(index, queryVector(index, ['invoice']), chunkPages, 4)[3]).toBe(-1);
  });

  it('round-trips through JSON as int8 rows with the same similarities', () => {
    const loaded = loadSemantic(JSON.parse(JSON.stringify(serializeSemantic(index))), chunks.length)!;
    expect(loaded.terms).toEqual(index.terms);
    const before = pageSimilarities(index, queryVector(index, ['refund', 'card']), chunkPages, 3);
    const after = pageSimilarities(loaded, queryVector(loaded, ['refund', 'card']), chunkPages, 3);
    expect([...after]).toEqual([...before]);
  });

  it('quantizes with one scale per row, losing little', () => {
    const { values, scales } = index.chunkVectors;
    for (let chunk = 0; chunk < chunks.length; chunk++) {
      let norm = 0;
      for (let k = 0; k < index.dimensions; k++) norm += (values[chunk * index.dimensions + k]! * scales[chunk]!) ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(1, 2);
    }
  });

  it('refuses vectors that do not fit the index they came with', () => {
    expect(loadSemantic(serializeSemantic(index), chunks.length + 1)).toBeUndefined();
  });

  // 5: one chunk at a time; 8 and 12: four int8 values per 32-bit read, with a remainder of chunks; 12 at an odd offset: one at a time again.
  it.each([
    { size: 5, offset: 0 },
    { size: 8, offset: 0 },
    { size: 12, offset: 0 },
    { size: 12, offset: 1 },
  ])('gives every page the same cosine, to the last bit, as one chunk at a time in term order (width $size, offset $offset)', ({ size, offset }) => {
    const count = 23;
    // Every int8 value, -128 and 127 included, turns up.
    const values = new Int8Array(count * size + offset).subarray(offset);
    values.forEach((_, at) => (values[at] = ((at * 37) % 256) - 128));
    expect(values.includes(-128) && values.includes(127)).toBe(true);
    const scales = Float32Array.from({ length: count }, (_, at) => 0.001 + at / 997);
    const wide = { dimensions: size, terms: [], termRow: new Map<string, number>(), termVectors: { values: new Int8Array(0), scales: new Float32Array(0) }, chunkVectors: { values, scales } };
    const pages = Array.from({ length: count }, (_, chunk) => chunk % 7);
    const query = Float32Array.from({ length: size }, (_, k) => Math.sin(k + 1) / 3);
    const expected = new Float32Array(8).fill(-1);
    for (let chunk = 0; chunk < count; chunk++) {
      let dot = 0;
      for (let k = 0; k < size; k++) dot += query[k]! * values[chunk * size + k]!;
      dot *= scales[chunk]!;
      if (dot > expected[pages[chunk]!]!) expected[pages[chunk]!] = dot;
    }
    expect(expected[7]).toBe(-1);
    expect(Array.from(pageSimilarities(wide, query, pages, 8))).toEqual(Array.from(expected));
  });
});
