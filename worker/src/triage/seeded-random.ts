/**
 * mulberry32: a small, well-known 32-bit seeded generator. The same seed gives
 * the same sequence on every run, which is all the trainer's shuffle, the
 * retrieval eval's typos and the fault bench need.
 *
 * @example
 * const next = seededRandom(14); next(); // 0 ≤ value < 1, the same every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
