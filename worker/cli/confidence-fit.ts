/**
 * Fitting the answer-confidence model: logistic regression on standardised features by
 * full-batch gradient descent with an L2 penalty, the weights held at zero or above (projected
 * gradient: every feature rises with the evidence, so no fitted quirk of one KB can make a
 * stronger match less trusted on another). Deterministic (no shuffle, no seed), milliseconds for
 * a few hundred questions; then the probabilities at which each confidence level starts. A dot
 * product at run time needs no library, nor does this.
 */
import { levelOf, probabilityOf, type ConfidenceModel } from '../src/services/confidence';

export interface Sample {
  features: number[];
  /** The answer quoted a gold page. */
  right: boolean;
}

type Fitted = Pick<ConfidenceModel, 'means' | 'scales' | 'weights' | 'bias'>;

const round = (value: number) => Number(value.toFixed(4));

export function fitLogistic(samples: Sample[], options = { iterations: 3000, rate: 0.5, l2: 0.1 }): Fitted {
  const width = samples[0]?.features.length ?? 0;
  const column = (position: number) => samples.map((sample) => sample.features[position]!);
  const means = Array.from({ length: width }, (_, position) => column(position).reduce((sum, value) => sum + value, 0) / samples.length);
  const scales = means.map((mean, position) => Math.sqrt(column(position).reduce((sum, value) => sum + (value - mean) ** 2, 0) / samples.length) || 1);
  const rows = samples.map((sample) => sample.features.map((value, position) => (value - means[position]!) / scales[position]!));
  const weights = new Array<number>(width).fill(0);
  let bias = 0;
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    const gradient = new Array<number>(width).fill(0);
    let biasGradient = 0;
    rows.forEach((row, index) => {
      const logit = row.reduce((sum, value, position) => sum + value * weights[position]!, bias);
      const error = 1 / (1 + Math.exp(-logit)) - (samples[index]!.right ? 1 : 0);
      row.forEach((value, position) => (gradient[position]! += error * value));
      biasGradient += error;
    });
    weights.forEach((weight, position) => (weights[position] = Math.max(0, weight - options.rate * (gradient[position]! / rows.length + options.l2 * weight))));
    bias -= (options.rate * biasGradient) / rows.length;
  }
  return { means: means.map(round), scales: scales.map(round), weights: weights.map(round), bias: round(bias) };
}

/** At most this share of the calibration questions may be answered "not sure" because of the bar. */
export const NOT_SURE_BUDGET = 0.05;

/**
 * The level cuts. `low`, the bar: the probability under which the calibration set's least likely
 * 5% of answers fall, and never above an even chance; below it the answer is "not sure" with
 * links. "high" starts where at least 80% of the calibration answers at or above it are right,
 * and "medium" at a 60% probability, between the two.
 */
export function chooseCuts(samples: Sample[], fitted: Fitted): ConfidenceModel['cuts'] {
  const model = { ...fitted, features: [], cuts: { low: 0, medium: 0, high: 0 }, calibratedOn: '' };
  const scored = samples.map((sample) => ({ p: probabilityOf(sample.features, model), right: sample.right })).sort((a, b) => b.p - a.p);
  let right = 0;
  let high = 1;
  scored.forEach((item, index) => {
    if (item.right) right++;
    // Walking down from the most confident: the lowest probability that keeps 80% of those above right.
    if (right / (index + 1) >= 0.8) high = item.p;
  });
  const withheld = Math.floor(scored.length * NOT_SURE_BUDGET);
  const low = round(Math.min(0.5, scored[scored.length - withheld]?.p ?? 0));
  high = round(Math.max(0.6, high));
  return { low, medium: Math.min(high, Math.max(low, 0.6)), high };
}

/** How a model's levels split a labelled set: per level, how many and how many right. */
export function levelCounts(samples: { probability: number; right: boolean }[], cuts: ConfidenceModel['cuts']) {
  const counts = { high: { n: 0, right: 0 }, medium: { n: 0, right: 0 }, low: { n: 0, right: 0 }, none: { n: 0, right: 0 } };
  for (const sample of samples) {
    const level = counts[levelOf(sample.probability, cuts)];
    level.n++;
    if (sample.right) level.right++;
  }
  return counts;
}
