import type { Confidence } from '../../../shared/protocol';
import type { SearchHit } from '../ports';

export type Threshold = Exclude<Confidence, 'none'>;

const RANK: Record<Confidence, number> = { none: 0, low: 1, medium: 2, high: 3 };

/**
 * Confidence from retrieval evidence alone: how strong the best match is, and
 * whether a second page agrees. Scores are the retriever's normalised 0..1.
 */
export function confidenceFromHits(hits: SearchHit[]): Confidence {
  const [best, second] = hits;
  // Coverage (local retriever): the share of the question's words the page answers.
  const coverage = best?.coverage ?? 1;
  if (!best || best.score < 0.2 || coverage < 0.45) return 'none';
  if (coverage >= 0.8 && (best.score >= 0.6 || (best.score >= 0.45 && (second?.score ?? 0) >= 0.4))) return 'high';
  if (best.score >= 0.35) return 'medium';
  return 'low';
}

export function meetsThreshold(confidence: Confidence, threshold: Threshold): boolean {
  return RANK[confidence] >= RANK[threshold];
}
