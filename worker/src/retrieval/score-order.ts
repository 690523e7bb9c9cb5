/**
 * Items ordered by their scores, best first, ties in the order given: what the stable
 * `items.sort((a, b) => scores[b] - scores[a])` returns, by a radix sort on the scores' bits
 * instead of a comparison sort. The word match orders tens of thousands of matching chunks per
 * question at 2,000 pages, where the comparison sort cost about 2 ms; this takes a fraction of it.
 */

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const SIGN = 0x8000_0000;

/**
 * @example
 * orderByScore(Int32Array.of(4, 7, 9), Float64Array.of(0, 0, 0, 0, 1, 0, 0, 3, 0, 1)) // Int32Array [7, 4, 9]
 */
export function orderByScore(items: Int32Array, scores: ArrayLike<number>): Int32Array {
  const count = items.length;
  const keys = new Float64Array(count);
  for (let at = 0; at < count; at++) {
    const score = scores[items[at]!]!;
    // NaN has no place in an order; the comparison sort's answer is what it is.
    if (score !== score || !LITTLE_ENDIAN) return Int32Array.from(Array.from(items).sort((a, b) => scores[b]! - scores[a]!));
    // -0 and 0 compare equal, so they must tie here too.
    keys[at] = score === 0 ? 0 : score;
  }
  // Each double's bits made into an unsigned 64-bit key that is smaller for a higher score:
  // a positive number's bits, all but the sign flipped; a negative number's bits as they are.
  const bits = new Uint32Array(keys.buffer);
  for (let at = 0; at < count; at++) {
    const high = bits[2 * at + 1]!;
    if (!(high & SIGN)) {
      bits[2 * at + 1] = high ^ (SIGN - 1);
      bits[2 * at] = ~bits[2 * at]!;
    }
  }
  // Least significant byte first, eight passes, each stable; a pass where every key has the same byte is skipped.
  const counts = new Int32Array(8 * 256);
  for (let at = 0; at < count; at++) {
    const low = bits[2 * at]!;
    const high = bits[2 * at + 1]!;
    for (let byte = 0; byte < 4; byte++) {
      counts[byte * 256 + ((low >>> (8 * byte)) & 255)]!++;
      counts[(byte + 4) * 256 + ((high >>> (8 * byte)) & 255)]!++;
    }
  }
  let from = new Int32Array(count);
  for (let at = 0; at < count; at++) from[at] = at;
  let to = new Int32Array(count);
  for (let pass = 0; pass < 8; pass++) {
    const base = pass * 256;
    const word = pass < 4 ? 0 : 1;
    const shift = 8 * (pass % 4);
    if (count === 0 || counts[base + ((bits[word]! >>> shift) & 255)] === count) continue;
    let start = 0;
    for (let digit = 0; digit < 256; digit++) {
      const size = counts[base + digit]!;
      counts[base + digit] = start;
      start += size;
    }
    for (let at = 0; at < count; at++) {
      const position = from[at]!;
      to[counts[base + ((bits[2 * position + word]! >>> shift) & 255)]!++] = position;
    }
    [from, to] = [to, from];
  }
  for (let at = 0; at < count; at++) to[at] = items[from[at]!]!;
  return to;
}
