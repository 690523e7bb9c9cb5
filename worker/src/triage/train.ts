/**
 * Training the triage model: full softmax regression per head with L2, by
 * stochastic gradient descent over a seeded shuffle, so the same cases and
 * seed give the same artifact byte for byte. A few hundred cases train in
 * well under a second; no library is needed for a linear model this small.
 */
import { featuresOf, FEATURE_BITS, type FeatureTurn, type Features } from './features';
import { HEAD_NAMES, HEADS, OUTPUTS, type Head, type ModelArtifact } from './model';
import { seededRandom as random } from './seeded-random';

/** One labelled case in the labelling guide's format (../shared/kb/triage/GUIDE.md). */
export interface TriageCase {
  id: string;
  history: { role: 'visitor' | 'assistant' | 'agent'; content: string }[];
  message: string;
  customer?: { verified: boolean; plan?: string | null; highValue?: boolean };
  expect: 'answer' | 'escalate';
  noAiAnswer: boolean;
  topic: string | null;
  signals: string[];
  category: string;
  sentiment: string;
  urgency: string;
  lang: string;
  startedMinutesAgo?: number;
}

export interface TrainOptions {
  seed: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** A hashed feature must occur in this many cases to be kept. */
  minCases: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { seed: 14, epochs: 40, learningRate: 1, l2: 1e-5, minCases: 2 };

export const turnsOf = (testCase: TriageCase): FeatureTurn[] => testCase.history.map((turn) => ({ role: turn.role, text: turn.content }));

/** The target label index of each head for one case. */
export function targetsOf(testCase: TriageCase): Record<Head, number> {
  const find = (head: Head, label: string) => {
    const index = (HEADS[head] as readonly string[]).indexOf(label);
    if (index < 0) throw new Error(`case ${testCase.id}: ${head} "${label}" is not one of ${HEADS[head].join(', ')}`);
    return index;
  };
  const yes = (flag: boolean) => (flag ? 1 : 0);
  return {
    topic: find('topic', testCase.topic ?? 'none'),
    category: find('category', testCase.category),
    sentiment: find('sentiment', testCase.sentiment),
    lang: find('lang', testCase.lang),
    urgent: yes(testCase.urgency === 'high'),
    'human-request': yes(testCase.signals.includes('human-request')),
    frustration: yes(testCase.signals.includes('frustration')),
    'cancel-intent': yes(testCase.signals.includes('cancel-intent')),
    complexity: yes(testCase.signals.includes('complexity')),
    loop: yes(testCase.signals.includes('loop')),
    urgency: yes(testCase.signals.includes('urgency')),
  };
}

export function train(cases: readonly TriageCase[], files: string[], options: Partial<TrainOptions> = {}): ModelArtifact {
  const settings = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const examples = cases.map((testCase) => ({ features: featuresOf(testCase.message, turnsOf(testCase)), targets: targetsOf(testCase) }));
  // Keep features seen in enough cases, in index order, so the artifact does not depend on case order.
  const seen = new Map<number, number>();
  for (const { features } of examples) for (const index of features.keys()) seen.set(index, (seen.get(index) ?? 0) + 1);
  const kept = [...seen].filter(([, count]) => count >= settings.minCases).map(([index]) => index).sort((a, b) => a - b);
  const row = new Map(kept.map((index, position) => [index, position]));
  const compact = examples.map(({ features, targets }) => ({
    entries: [...features].flatMap(([index, value]): [number, number][] => (row.has(index) ? [[row.get(index) ?? 0, value]] : [])),
    targets,
  }));

  // Balanced classes: a rare label (a no-AI topic, a fired signal) weighs as much in total as the common one.
  const counts = new Map<string, number>();
  for (const { targets } of compact) for (const head of HEAD_NAMES) counts.set(`${head}:${targets[head]}`, (counts.get(`${head}:${targets[head]}`) ?? 0) + 1);
  const classWeight = (head: Head, label: number) => Math.min(8, compact.length / (HEADS[head].length * (counts.get(`${head}:${label}`) ?? 1)));
  const weights = new Float64Array(kept.length * OUTPUTS);
  const bias = new Float64Array(OUTPUTS);
  const next = random(settings.seed);
  const order = compact.map((_, index) => index);
  const scores = new Float64Array(OUTPUTS);
  for (let epoch = 0; epoch < settings.epochs; epoch += 1) {
    for (let index = order.length - 1; index > 0; index -= 1) {
      const swap = Math.floor(next() * (index + 1));
      [order[index], order[swap]] = [order[swap] ?? 0, order[index] ?? 0];
    }
    const rate = settings.learningRate / (1 + epoch * 0.1);
    for (const position of order) {
      const example = compact[position];
      if (!example) continue;
      scores.set(bias);
      for (const [feature, value] of example.entries) {
        for (let output = 0; output < OUTPUTS; output += 1) scores[output] = (scores[output] ?? 0) + value * (weights[feature * OUTPUTS + output] ?? 0);
      }
      // Gradient of the cross-entropy: probability minus target, head by head.
      let offset = 0;
      for (const head of HEAD_NAMES) {
        const size = HEADS[head].length;
        let max = -Infinity;
        for (let k = 0; k < size; k += 1) max = Math.max(max, scores[offset + k] ?? 0);
        let sum = 0;
        for (let k = 0; k < size; k += 1) sum += Math.exp((scores[offset + k] ?? 0) - max);
        const balance = classWeight(head, example.targets[head]);
        for (let k = 0; k < size; k += 1) {
          const p = Math.exp((scores[offset + k] ?? 0) - max) / sum;
          scores[offset + k] = balance * (p - (example.targets[head] === k ? 1 : 0));
        }
        offset += size;
      }
      for (let output = 0; output < OUTPUTS; output += 1) bias[output] = (bias[output] ?? 0) - rate * (scores[output] ?? 0);
      for (const [feature, value] of example.entries) {
        const base = feature * OUTPUTS;
        for (let output = 0; output < OUTPUTS; output += 1) {
          const weight = weights[base + output] ?? 0;
          weights[base + output] = weight - rate * (value * (scores[output] ?? 0) + settings.l2 * weight);
        }
      }
    }
  }
  return pack(kept, weights, bias, files, cases.length, settings.seed);
}

function pack(kept: number[], weights: Float64Array, bias: Float64Array, files: string[], count: number, seed: number): ModelArtifact {
  const scale: number[] = [];
  const quantised = new Int8Array(weights.length);
  let offset = 0;
  for (const head of HEAD_NAMES) {
    const size = HEADS[head].length;
    let max = 0;
    for (let feature = 0; feature < kept.length; feature += 1) {
      for (let k = 0; k < size; k += 1) max = Math.max(max, Math.abs(weights[feature * OUTPUTS + offset + k] ?? 0));
    }
    const step = max / 127 || 1;
    scale.push(Number(step.toPrecision(6)));
    for (let feature = 0; feature < kept.length; feature += 1) {
      for (let k = 0; k < size; k += 1) {
        const at = feature * OUTPUTS + offset + k;
        quantised[at] = Math.round((weights[at] ?? 0) / (scale.at(-1) ?? 1));
      }
    }
    offset += size;
  }
  let binary = '';
  const bytes = new Uint8Array(quantised.buffer);
  for (let index = 0; index < bytes.length; index += 1) binary += String.fromCharCode(bytes[index] ?? 0);
  return {
    format: 'switchboard-triage/1',
    bits: FEATURE_BITS,
    heads: HEADS,
    indexDeltas: kept.map((index, position) => index - (kept[position - 1] ?? 0)),
    weights: btoa(binary),
    bias: [...bias].map((value) => Number(value.toPrecision(6))),
    scale,
    trainedOn: { files, cases: count, seed },
  };
}

export type { Features };
