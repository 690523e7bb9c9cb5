/**
 * The triage model: one linear softmax classifier per head (topic, category,
 * sentiment, language, urgency and each learned soft signal) over the hashed
 * features of features.ts, trained by train.ts and stored as a small artifact
 * (model.json, artifact.ts): the hashed indices seen in training and, per
 * index, one quantised weight per stored output.
 *
 * Two heads learn the guide's verdicts whole, not through the parts:
 * `escalate` (should a person take this turn?) and `no-ai` (is it a topic the
 * AI must not answer?). Each yes/no head has a threshold chosen by
 * cross-validation on the training cases (train.ts), stored with the weights.
 */
import { unpackArtifact, type ModelArtifact } from './artifact';
import type { Features } from './features';
import { HEAD_NAMES, HEADS, OUTPUTS, STORED_OUTPUTS, type BinaryHead, type Head } from './heads';

export { BINARY_HEADS, HEAD_NAMES, HEADS, type BinaryHead, type Head } from './heads';
export { MODEL_FORMAT, type ModelArtifact } from './artifact';

export type Prediction = { [H in Head]: { label: (typeof HEADS)[H][number]; p: number; probabilities: number[] } };

export interface TriageModel {
  predict(features: Features): Prediction;
  /** The probability at which a yes/no head fires. */
  threshold(head: BinaryHead): number;
}

function softmax(scores: Float64Array, from: number, to: number): number[] {
  let max = -Infinity;
  for (let index = from; index < to; index += 1) max = Math.max(max, scores[index] ?? 0);
  const exps: number[] = [];
  let sum = 0;
  for (let index = from; index < to; index += 1) {
    const value = Math.exp((scores[index] ?? 0) - max);
    exps.push(value);
    sum += value;
  }
  return exps.map((value) => value / sum);
}

/** Per-output scores to per-head labels and probabilities. */
export function decode(scores: Float64Array): Prediction {
  const prediction: Record<string, { label: string; p: number; probabilities: number[] }> = {};
  let offset = 0;
  for (const head of HEAD_NAMES) {
    const labels = HEADS[head];
    const probabilities = softmax(scores, offset, offset + labels.length);
    let best = 0;
    for (let index = 1; index < probabilities.length; index += 1) if ((probabilities[index] ?? 0) > (probabilities[best] ?? 0)) best = index;
    prediction[head] = { label: labels[best] ?? labels[0], p: probabilities[best] ?? 0, probabilities };
    offset += labels.length;
  }
  return prediction as Prediction;
}

/** Check an artifact and build the lookup table once. A bad artifact throws with the reason. */
export function loadModel(artifact: ModelArtifact): TriageModel {
  const { indices, weights, bias } = unpackArtifact(artifact);
  const columns = STORED_OUTPUTS.length;
  const rows = new Map(indices.map((index, row) => [index, row * columns]));
  return {
    predict(features) {
      const scores = new Float64Array(OUTPUTS);
      STORED_OUTPUTS.forEach((output, column) => (scores[output] = bias[column] ?? 0));
      for (const [feature, value] of features) {
        const start = rows.get(feature);
        if (start === undefined) continue;
        for (let column = 0; column < columns; column += 1) {
          const output = STORED_OUTPUTS[column] ?? 0;
          scores[output] = (scores[output] ?? 0) + value * (weights[start + column] ?? 0);
        }
      }
      return decode(scores);
    },
    threshold: (head) => artifact.thresholds[head],
  };
}
