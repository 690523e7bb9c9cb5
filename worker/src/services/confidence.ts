import type { Confidence } from '../../../shared/protocol';
import type { SearchHit } from '../ports';

export type Threshold = Exclude<Confidence, 'none'>;

const RANK: Record<Confidence, number> = { none: 0, low: 1, medium: 2, high: 3 };

/**
 * Confidence from retrieval evidence alone: how strong the strongest match is,
 * how much of the question it covers, and whether a second page agrees.
 * Scores are the retriever's normalised 0..1; `npm run eval:retrieval` prints
 * how often each level found the answer on a real product's questions.
 */
export function confidenceFromHits(hits: SearchHit[]): Confidence {
  const ranked = [...hits].sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  // Coverage (local retriever): the share of the question's words the page answers.
  const coverage = best?.coverage ?? 1;
  if (!best || best.score < 0.2 || coverage < 0.3) return 'none';
  if (coverage >= 0.8 && (best.score >= 0.6 || (best.score >= 0.45 && (second?.score ?? 0) >= 0.4))) return 'high';
  if (best.score >= 0.35 && coverage >= 0.5) return 'medium';
  return 'low';
}

export function meetsThreshold(confidence: Confidence, threshold: Threshold): boolean {
  return RANK[confidence] >= RANK[threshold];
}
