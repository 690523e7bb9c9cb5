/**
 * The triage model: one linear softmax classifier per head (topic, category,
 * sentiment, language, urgency and each learned soft signal) over the hashed
 * features of features.ts, trained by train.ts and stored as a small artifact
 * (model.json): the hashed indices seen in training and, per index, one int8
 * weight per output with a scale per head.
 *
 * Two heads learn the guide's verdicts whole, not through the parts:
 * `escalate` (should a person take this turn?) and `no-ai` (is it a topic the
 * AI must not answer?). Each yes/no head has a threshold chosen by
 * cross-validation on the training cases (train.ts), stored with the weights.
 */
import { DEFAULT_TRIAGE_CATEGORIES, SENTIMENTS } from '../../../shared/triage';
import { NO_AI_TOPICS } from '../services/no-ai-topics';
import { FEATURE_BITS, type Features } from './features';

export const HEADS = {
  topic: ['none', ...NO_AI_TOPICS],
  category: [...DEFAULT_TRIAGE_CATEGORIES],
  sentiment: [...SENTIMENTS],
  lang: ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'],
  urgent: ['no', 'yes'],
  'human-request': ['no', 'yes'],
  frustration: ['no', 'yes'],
  'cancel-intent': ['no', 'yes'],
  complexity: ['no', 'yes'],
  loop: ['no', 'yes'],
  urgency: ['no', 'yes'],
  escalate: ['no', 'yes'],
  'no-ai': ['no', 'yes'],
} as const satisfies Record<string, readonly string[]>;
export type Head = keyof typeof HEADS;
export const HEAD_NAMES = Object.keys(HEADS) as Head[];
export const OUTPUTS = HEAD_NAMES.reduce((sum, head) => sum + HEADS[head].length, 0);
/** The heads with a yes/no answer, each fired at its own learned threshold. */
export type BinaryHead = { [H in Head]: (typeof HEADS)[H] extends readonly ['no', 'yes'] ? H : never }[Head];
export const BINARY_HEADS = HEAD_NAMES.filter((head): head is BinaryHead => HEADS[head].length === 2 && HEADS[head][1] === 'yes');
export const MODEL_FORMAT = 'switchboard-triage/2';

/**
 * The columns the artifact stores, as output indices: every label of a
 * many-label head, and only "yes" of a yes/no head, holding yes − no (a
 * softmax over two labels needs only their difference; "no" scores 0).
 */
/** Per output index, the index of its head in HEAD_NAMES. */
export const OUTPUT_HEAD: readonly number[] = HEAD_NAMES.flatMap((head, headIndex) => HEADS[head].map(() => headIndex));
/** Output indices that are a yes/no head's "yes", stored as yes − no. */
export const YES_OUTPUTS: ReadonlySet<number> = new Set(
  OUTPUT_HEAD.flatMap((headIndex, output) => ((BINARY_HEADS as readonly Head[]).includes(HEAD_NAMES[headIndex] ?? 'topic') && OUTPUT_HEAD[output - 1] === headIndex ? [output] : [])),
);
export const STORED_OUTPUTS: readonly number[] = OUTPUT_HEAD.flatMap((headIndex, output) =>
  (BINARY_HEADS as readonly Head[]).includes(HEAD_NAMES[headIndex] ?? 'topic') && !YES_OUTPUTS.has(output) ? [] : [output]);

/** The stored form (model.json). */
export interface ModelArtifact {
  format: typeof MODEL_FORMAT;
  bits: number;
  heads: { [H in Head]: readonly string[] };
  /** Sorted hashed indices, delta-encoded. */
  indexDeltas: number[];
  /** Per feature, one int8 weight per stored column (STORED_OUTPUTS), base64. */
  weights: string;
  /** Per stored column: bias. Per head: the scale that turns an int8 back into a weight. */
  bias: number[];
  scale: number[];
  /** Per yes/no head: the probability at which it fires, chosen on out-of-fold predictions. */
  thresholds: Record<BinaryHead, number>;
  trainedOn: { files: string[]; cases: number; seed: number };
}

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
  if (artifact.format !== MODEL_FORMAT) throw new Error(`triage model: unknown format ${String(artifact.format)}`);
  if (artifact.bits !== FEATURE_BITS) throw new Error(`triage model: trained with ${artifact.bits} feature bits, the code hashes ${FEATURE_BITS}`);
  for (const head of HEAD_NAMES) {
    if (JSON.stringify(artifact.heads[head]) !== JSON.stringify(HEADS[head])) throw new Error(`triage model: head ${head} has other labels than the code; run npm run train:triage`);
  }
  for (const head of BINARY_HEADS) {
    const value = artifact.thresholds?.[head];
    if (typeof value !== 'number' || !(value > 0 && value < 1)) throw new Error(`triage model: no threshold for head ${head}; run npm run train:triage`);
  }
  const bytes = Uint8Array.from(atob(artifact.weights), (char) => char.charCodeAt(0));
  const weights = new Int8Array(bytes.buffer);
  const columns = STORED_OUTPUTS.length;
  if (weights.length !== artifact.indexDeltas.length * columns || artifact.bias.length !== columns) throw new Error('triage model: weights do not match the feature count');
  const rows = new Map<number, number>();
  let index = 0;
  artifact.indexDeltas.forEach((delta, row) => {
    index += delta;
    rows.set(index, row * columns);
  });
  const columnScale = STORED_OUTPUTS.map((output) => artifact.scale[OUTPUT_HEAD[output] ?? 0] ?? 0);
  return {
    predict(features) {
      const scores = new Float64Array(OUTPUTS);
      STORED_OUTPUTS.forEach((output, column) => (scores[output] = artifact.bias[column] ?? 0));
      for (const [feature, value] of features) {
        const start = rows.get(feature);
        if (start === undefined) continue;
        for (let column = 0; column < columns; column += 1) {
          const output = STORED_OUTPUTS[column] ?? 0;
          scores[output] = (scores[output] ?? 0) + value * (weights[start + column] ?? 0) * (columnScale[column] ?? 0);
        }
      }
      return decode(scores);
    },
    threshold: (head) => artifact.thresholds[head],
  };
}
