/**
 * Term proximity: a passage where the question's words stand close together
 * ("unhandled rejected promise") is likelier to be about what was asked than
 * one that has the same words paragraphs apart. BM25 scores each word on its
 * own and cannot tell the two apart.
 *
 * This is the term-pair scoring of BM25TP (Rasolofo and Savoy 2003): every
 * occurrence of two different query concepts within a small window adds
 * 1/distance² to that pair, and the pair counts with the smaller of the two
 * concepts' weights (their idf).
 */

/**
 * The proximity score of a passage given as its analysed terms, in order:
 * the sum over pairs of distinct concepts of `min(weight) × min(1, Σ 1/d²)`
 * for their co-occurrences at most `window` terms apart. Capped per pair,
 * so a pair repeated all over a passage counts no more than one that stands
 * together once; the score is at most the number of pairs times their weight.
 *
 * @example
 * const concepts = new Map([['unhandl', 0], ['reject', 1], ['promis', 2]]);
 * termProximity(['unhandl', 'reject', 'promis'], (term) => concepts.get(term), new Map([[0, 1], [1, 1], [2, 1]]), 5)
 * // 2.25: two adjacent pairs (1 each) and one pair two terms apart (1/4)
 */
export function termProximity<Term>(
  terms: ArrayLike<Term>,
  conceptOf: (term: Term) => number | undefined,
  weights: ReadonlyMap<number, number>,
  window: number,
): number {
  const pairs = new Map<number, { closeness: number; weight: number }>();
  const recent: { concept: number; at: number }[] = [];
  for (let at = 0; at < terms.length; at++) {
    const concept = conceptOf(terms[at]!);
    if (concept === undefined) continue;
    while (recent.length > 0 && at - recent[0]!.at > window) recent.shift();
    for (const previous of recent) {
      if (previous.concept === concept) continue;
      // Concepts are small indexes into the question's words: one number names the unordered pair.
      const key = Math.min(previous.concept, concept) * 65_536 + Math.max(previous.concept, concept);
      const distance = at - previous.at;
      const pair = pairs.get(key) ?? { closeness: 0, weight: Math.min(weights.get(previous.concept) ?? 0, weights.get(concept) ?? 0) };
      pair.closeness += 1 / (distance * distance);
      pairs.set(key, pair);
    }
    recent.push({ concept, at });
  }
  let score = 0;
  for (const { closeness, weight } of pairs.values()) score += weight * Math.min(1, closeness);
  return score;
}
