/**
 * The triage model: one linear softmax classifier per head (topic, category,
 * sentiment, language, urgency and each learned soft signal) over the hashed
 * features of features.ts, trained by train.ts and stored as a small artifact
 * (model.json): the hashed indices seen in training and, per index, one int8
 * weight per output with a scale per head.
 */
import { DEFAULT_TRIAGE_CATEGORIES, SENTIMENTS } from '../../../shared/triage';
import { NO_AI_TOPICS } from '../services/no-ai-topics';
import { FEATURE_BITS, type Features } from './features';

export const HEADS = {
  topic: ['none', ...NO_AI_TOPICS],
  category: [...DEFAULT_TRIAGE_CATEGORIES],
  sentiment: [...SENTIMENTS],
  lang: ['en', 'de', 'fr', 'es'],
  urgent: ['no', 'yes'],
  'human-request': ['no', 'yes'],
  frustration: ['no', 'yes'],
  'cancel-intent': ['no', 'yes'],
  complexity: ['no', 'yes'],
  loop: ['no', 'yes'],
  urgency: ['no', 'yes'],
} as const satisfies Record<string, readonly string[]>;
export type Head = keyof typeof HEADS;
export const HEAD_NAMES = Object.keys(HEADS) as Head[];
export const OUTPUTS = HEAD_NAMES.reduce((sum, head) => sum + HEADS[head].length, 0);

/** The stored form (model.json). */
export interface ModelArtifact {
  format: 'switchboard-triage/1';
  bits: number;
  heads: { [H in Head]: readonly string[] };
  /** Sorted hashed indices, delta-encoded. */
  indexDeltas: number[];
  /** Per feature, OUTPUTS int8 weights, base64. */
  weights: string;
  /** Per output: bias. Per head: the scale that turns an int8 back into a weight. */
  bias: number[];
  scale: number[];
  trainedOn: { files: string[]; cases: number; seed: number };
}

export type Prediction = { [H in Head]: { label: (typeof HEADS)[H][number]; p: number; probabilities: number[] } };

export interface TriageModel {
  predict(features: Features): Prediction;
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
  if (artifact.format !== 'switchboard-triage/1') throw new Error(`triage model: unknown format ${String(artifact.format)}`);
  if (artifact.bits !== FEATURE_BITS) throw new Error(`triage model: trained with ${artifact.bits} feature bits, the code hashes ${FEATURE_BITS}`);
  for (const head of HEAD_NAMES) {
    if (JSON.stringify(artifact.heads[head]) !== JSON.stringify(HEADS[head])) throw new Error(`triage model: head ${head} has other labels than the code; run npm run train:triage`);
  }
  const bytes = Uint8Array.from(atob(artifact.weights), (char) => char.charCodeAt(0));
  const weights = new Int8Array(bytes.buffer);
  if (weights.length !== artifact.indexDeltas.length * OUTPUTS) throw new Error('triage model: weights do not match the feature count');
  const rows = new Map<number, number>();
  let index = 0;
  artifact.indexDeltas.forEach((delta, row) => {
    index += delta;
    rows.set(index, row * OUTPUTS);
  });
  const outputScale: number[] = [];
  HEAD_NAMES.forEach((head, headIndex) => {
    for (let label = 0; label < HEADS[head].length; label += 1) outputScale.push(artifact.scale[headIndex] ?? 0);
  });
  return {
    predict(features) {
      const scores = Float64Array.from(artifact.bias);
      for (const [feature, value] of features) {
        const start = rows.get(feature);
        if (start === undefined) continue;
        for (let output = 0; output < OUTPUTS; output += 1) scores[output] = (scores[output] ?? 0) + value * (weights[start + output] ?? 0) * (outputScale[output] ?? 0);
      }
      return decode(scores);
    },
  };
}
