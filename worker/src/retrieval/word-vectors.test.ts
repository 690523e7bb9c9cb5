import { describe, expect, it } from 'vitest';
import { addRow, cosine, decodeWordVectors, encodeWordVectors } from './word-vectors';

const rows = Float32Array.from([3, 4, 0, 0, 1, 0, -1, 0, 0.6, 0.8, 0, 0.2]);

describe('word vector table', () => {
  it('round-trips terms and unit rows through int8 within quantisation error', () => {
    const table = decodeWordVectors(encodeWordVectors(['price', 'cost', 'invoic'], rows, 4));
    expect(table.terms).toEqual(['price', 'cost', 'invoic']);
    expect(table.termRow.get('invoic')).toBe(2);
    expect(cosine(table, 0, 0)).toBeCloseTo(1, 2);
    expect(cosine(table, 0, 1)).toBeCloseTo(0.6 / Math.SQRT2, 2);
    const sum = new Float32Array(4);
    addRow(table, 0, 2, sum);
    expect([...sum].map((value) => Number(value.toFixed(2)))).toEqual([1.2, 1.6, 0, 0]);
  });

  it('reads a table whose bytes sit at an odd offset of a larger buffer', () => {
    const bytes = encodeWordVectors(['a1', 'b2', 'c3'], rows, 4);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(cosine(decodeWordVectors(padded.subarray(3)), 1, 2)).toBeCloseTo(cosine(decodeWordVectors(bytes), 1, 2), 6);
  });

  it('refuses a file of another format', () => {
    expect(() => decodeWordVectors(new TextEncoder().encode('{"format":"other","version":1}\n'))).toThrow(/switchboard-word-vectors/);
  });
});
