import type { Confidence } from '../../../shared/protocol';
import type { SearchHit } from '../ports';
import { confidenceFeatures, FEATURE_NAMES } from './confidence-features';
import calibrated from './confidence-model.json';
import { splitQuestion } from './question-parts';
import { termHeldBy } from './question-terms';

export type Threshold = Exclude<Confidence, 'none'>;

const RANK: Record<Confidence, number> = { none: 0, low: 1, medium: 2, high: 3 };

/**
 * A logistic model of "the excerpt answer quotes a page that answers the question", fitted by
 * `npm run calibrate:confidence` on one question set, with the probabilities at which each level
 * starts. Below `cuts.low` the answer is "not sure" with links to the closest pages.
 */
export interface ConfidenceModel {
  features: readonly string[];
  means: number[];
  scales: number[];
  weights: number[];
  bias: number;
  cuts: Record<Threshold, number>;
  calibratedOn: string;
}

export const CONFIDENCE_MODEL: ConfidenceModel = calibrated;

export interface ConfidenceEstimate {
  confidence: Confidence;
  /** The model's probability that the answer quotes a right page; absent when the hits carry no local evidence. */
  probability?: number;
  /** The scores found pages that match the question (the score-only rule is above "none"): pages worth linking to. */
  matched: boolean;
  /** The docs term the question names that the first hit holds (question-terms.ts): the answer is at least "low". */
  term?: string;
}

/** The model's probability for one feature vector. */
export function probabilityOf(features: number[], model: ConfidenceModel = CONFIDENCE_MODEL): number {
  let logit = model.bias;
  features.forEach((value, position) => (logit += (model.weights[position]! * (value - model.means[position]!)) / model.scales[position]!));
  return 1 / (1 + Math.exp(-logit));
}

export function levelOf(probability: number, cuts: Record<Threshold, number>): Confidence {
  if (probability >= cuts.high) return 'high';
  if (probability >= cuts.medium) return 'medium';
  return probability >= cuts.low ? 'low' : 'none';
}

/**
 * How likely the answer built from these hits (in the order the answer numbers them) is right,
 * as a level. Hits from the local retriever carry the evidence the calibrated model reads; hits
 * from another retriever (vector scores), and multi-part questions, are judged by scores alone.
 *
 * @example
 * estimateConfidence('how do i upload a file in my test', hits) // { confidence: 'high', probability: 0.8, matched: true }
 */
export function estimateConfidence(question: string, hits: SearchHit[], model: ConfidenceModel = CONFIDENCE_MODEL): ConfidenceEstimate {
  if (hits.length === 0 || hits.every((hit) => hit.score <= 0)) return { confidence: 'none', matched: false };
  const estimate = estimateFromEvidence(question, hits, model);
  // A question naming a docs term the first section holds is answered from that section, never "not sure":
  // the term is the same in every language, so the section is about what was asked even when nothing else matched.
  const term = termHeldBy(question, hits[0]);
  if (!term) return estimate;
  return { ...estimate, confidence: meetsThreshold(estimate.confidence, 'low') ? estimate.confidence : 'low', matched: true, term };
}

function estimateFromEvidence(question: string, hits: SearchHit[], model: ConfidenceModel): ConfidenceEstimate {
  const byScores = confidenceFromHits(hits);
  const matched = byScores !== 'none';
  // The model was calibrated on single questions; a multi-part answer names each part it cannot cover in its text.
  if (hits[0]!.coverage === undefined || splitQuestion(question).length > 1) return { confidence: byScores, matched };
  if (model.features.join() !== FEATURE_NAMES.join()) throw new Error('confidence-model.json was fitted on other features: run npm run calibrate:confidence');
  const probability = Number(probabilityOf(confidenceFeatures(question, hits), model).toFixed(3));
  // Too weak a match by its scores (too little of the question found) stays "none" whatever the model says: the model only withholds.
  if (!matched) return { confidence: 'none', probability, matched };
  return { confidence: levelOf(probability, model.cuts), probability, matched };
}

/**
 * Confidence from scores alone, for retrievers without the local evidence: how strong the
 * strongest match is, how much of the question it covers, and whether a second page agrees.
 */
export function confidenceFromHits(hits: SearchHit[]): Confidence {
  const ranked = [...hits].sort((a, b) => b.score - a.score);
  const [best, second] = ranked;
  const coverage = best?.coverage ?? 1;
  if (!best || best.score < 0.2 || coverage < 0.3) return 'none';
  if (coverage >= 0.8 && (best.score >= 0.6 || (best.score >= 0.45 && (second?.score ?? 0) >= 0.4))) return 'high';
  if (best.score >= 0.35 && coverage >= 0.5) return 'medium';
  return 'low';
}

export function meetsThreshold(confidence: Confidence, threshold: Threshold): boolean {
  return RANK[confidence] >= RANK[threshold];
}
