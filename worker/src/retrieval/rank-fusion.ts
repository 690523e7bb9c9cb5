/**
 * Ways to combine two views of relevance into one ranking, used by the local
 * retriever after its BM25 step.
 */

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher 2009): each item scores
 * `1 / (k + its rank in the first order) + weight / (k + its rank by the second scores)`.
 * Ranks, not raw scores, are fused, so the two scales never need to agree.
 * Returns the fused scores in the order of `order`.
 *
 * @example
 * fuseRanks([7, 3], [0, 0, 0, 0.9, 0, 0, 0, 0.1], { k: 20, weight: 1 }) // item 3 now outscores item 7
 */
export function fuseRanks(order: readonly number[], secondScores: ArrayLike<number>, options: { k: number; weight: number }): number[] {
  // An item's rank in the second view is how many items score strictly higher: equal scores share
  // a rank (the best of them), so a tie in the second view never reorders the first. Counted by
  // binary search in the scores sorted once, for the items of `order` only.
  const sorted = Float64Array.from(secondScores).sort();
  // NaN has no place in an order: then the ranks are what sorting every item gives.
  if (sorted.length > 0 && Number.isNaN(sorted[sorted.length - 1])) return fuseBySorting(order, secondScores, options);
  const higher = (score: number) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle]! <= score) low = middle + 1;
      else high = middle;
    }
    return sorted.length - low;
  };
  return order.map((item, rank) => 1 / (options.k + rank) + options.weight / (options.k + higher(secondScores[item]!)));
}

function fuseBySorting(order: readonly number[], secondScores: ArrayLike<number>, options: { k: number; weight: number }): number[] {
  const byScore = Array.from({ length: secondScores.length }, (_, item) => item).sort((a, b) => secondScores[b]! - secondScores[a]!);
  const secondRank = new Int32Array(secondScores.length);
  byScore.forEach((item, rank) => (secondRank[item] = rank > 0 && secondScores[item] === secondScores[byScore[rank - 1]!] ? secondRank[byScore[rank - 1]!]! : rank));
  return order.map((item, rank) => 1 / (options.k + rank) + options.weight / (options.k + secondRank[item]!));
}

/**
 * Relevance propagated along links: each source passes its share of relevance
 * (its score over the best source's) to the pages it links to, divided by
 * (number of its links)^damping, so a passage that links everywhere vouches
 * for no page in particular.
 *
 * @example
 * propagate([{ score: 2, links: [5] }, { score: 1, links: [5, 6] }], 1) // Map { 5 => 1.25, 6 => 0.25 }
 */
export function propagate(sources: readonly { score: number; links?: readonly number[] }[], damping: number): Map<number, number> {
  const best = Math.max(0, ...sources.map((source) => source.score));
  const received = new Map<number, number>();
  if (best <= 0) return received;
  for (const { score, links } of sources) {
    if (!links || links.length === 0) continue;
    const share = score / best / links.length ** damping;
    for (const target of links) received.set(target, (received.get(target) ?? 0) + share);
  }
  return received;
}
