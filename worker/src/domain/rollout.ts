/**
 * The rollout bucket of a visitor: a pure value, kept apart from the turn's
 * services so the browser tests can compute which visitors a partial rollout
 * takes without loading the worker.
 */

/** 0–99 from a stable 32-bit FNV-1a hash: the same visitor always lands in the same bucket. */
export function rolloutBucket(visitorKey: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < visitorKey.length; index += 1) {
    hash ^= visitorKey.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 100;
}
