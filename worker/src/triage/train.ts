/**
 * Training the triage model: full softmax regression per head with L2, by
 * stochastic gradient descent over a seeded shuffle, so the same cases and
 * seed give the same artifact byte for byte. A few hundred cases train in
 * about a second; no library is needed for a linear model this small.
 *
 * Each yes/no head's threshold is chosen on out-of-fold predictions: the
 * cases are split into `folds` seeded folds, a model is fitted on all but one
 * and predicts the one left out, and the threshold that scores best on those
 * predictions is kept. No case ever sets the threshold it is judged by.
 */
import { featuresOf, type FeatureTurn, type Features } from './features';
import { DEFAULT_LEVELS, packArtifact, type ModelArtifact } from './artifact';
import { BINARY_HEADS, HEAD_NAMES, HEADS, OUTPUTS, STORED_OUTPUTS, YES_OUTPUTS, type BinaryHead, type Head } from './heads';
import { decode } from './model';
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
  /** Folds of the cross-validation that picks the thresholds. */
  folds: number;
  /** Per head, the steps per sign its weights are stored in (artifact.ts). */
  levels: Record<Head, number>;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { seed: 14, epochs: 30, learningRate: 0.5, l2: 3e-3, minCases: 6, folds: 5, levels: DEFAULT_LEVELS };

/**
 * How a yes/no head's threshold is scored: F-beta. The two verdicts
 * (`escalate`, `no-ai`) weigh precision and recall alike (beta 1); the soft
 * signals and the model's person request only vote beside the verdict, so
 * they fire when they are sure (beta 0.5, precision first): at beta 1 they
 * added false handoffs without adding caught ones.
 */
const THRESHOLD_BETA: Record<BinaryHead, number> = { escalate: 1, 'no-ai': 2, 'human-request': 0.5, frustration: 0.5, 'cancel-intent': 0.5, complexity: 0.5, loop: 0.5, urgency: 0.5, urgent: 0.5 };

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
    escalate: yes(testCase.expect === 'escalate'),
    'no-ai': yes(testCase.noAiAnswer),
  };
}

interface Example {
  features: Features;
  targets: Record<Head, number>;
}

export interface Fitted {
  /** Hashed indices kept, ascending. */
  kept: number[];
  row: Map<number, number>;
  weights: Float64Array;
  bias: Float64Array;
}

export const examplesOf = (cases: readonly TriageCase[]): Example[] =>
  cases.map((testCase) => ({
    features: featuresOf(testCase.message, turnsOf(testCase), { highValue: Boolean(testCase.customer?.verified && testCase.customer.highValue) }),
    targets: targetsOf(testCase),
  }));

export function train(cases: readonly TriageCase[], files: string[], options: Partial<TrainOptions> = {}): ModelArtifact {
  const settings = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const examples = examplesOf(cases);
  const fitted = fit(examples, settings);
  return pack(fitted, chooseThresholds(examples, settings), { files, cases: cases.length, seed: settings.seed, minCases: settings.minCases }, settings.levels);
}

/** Each yes/no head's threshold, from predictions on cases the fitting model never saw. */
export function chooseThresholds(examples: readonly Example[], settings: TrainOptions): Record<BinaryHead, number> {
  const folds = Math.min(settings.folds, examples.length);
  const next = random(settings.seed + 1);
  const fold = examples.map((_, index) => ({ index, key: next() })).sort((a, b) => a.key - b.key);
  const foldOf = new Map(fold.map(({ index }, position) => [index, position % folds]));
  const held: { p: Record<BinaryHead, number>; targets: Record<Head, number> }[] = [];
  for (let k = 0; k < folds && folds > 1; k += 1) {
    const fitted = fit(examples.filter((_, index) => foldOf.get(index) !== k), settings);
    examples.forEach((example, index) => {
      if (foldOf.get(index) !== k) return;
      const prediction = predictFitted(fitted, example.features);
      const p = Object.fromEntries(BINARY_HEADS.map((head) => [head, prediction[head].probabilities[1] ?? 0])) as Record<BinaryHead, number>;
      held.push({ p, targets: example.targets });
    });
  }
  const thresholds = {} as Record<BinaryHead, number>;
  for (const head of BINARY_HEADS) {
    const beta2 = THRESHOLD_BETA[head] ** 2;
    let best = { t: 0.5, score: -1 };
    for (let step = 5; step <= 95; step += 1) {
      const t = step / 100;
      let tp = 0, fp = 0, fn = 0;
      for (const { p, targets } of held) {
        const said = p[head] >= t;
        if (said && targets[head] === 1) tp += 1;
        else if (said) fp += 1;
        else if (targets[head] === 1) fn += 1;
      }
      const score = tp === 0 ? 0 : ((1 + beta2) * tp) / ((1 + beta2) * tp + beta2 * fn + fp);
      // Ties go to the higher threshold: the same recall with fewer false alarms.
      if (score >= best.score) best = { t, score };
    }
    thresholds[head] = best.score > 0 ? best.t : 0.5;
  }
  return thresholds;
}

function predictFitted(fitted: Fitted, features: Features) {
  const scores = Float64Array.from(fitted.bias);
  for (const [index, value] of features) {
    const row = fitted.row.get(index);
    if (row === undefined) continue;
    for (let output = 0; output < OUTPUTS; output += 1) scores[output] = (scores[output] ?? 0) + value * (fitted.weights[row * OUTPUTS + output] ?? 0);
  }
  return decode(scores);
}

export function fit(examples: readonly Example[], settings: TrainOptions): Fitted {
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
        const base = feature * OUTPUTS;
        for (let output = 0; output < OUTPUTS; output += 1) scores[output] = (scores[output] ?? 0) + value * (weights[base + output] ?? 0);
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
  return { kept, row, weights, bias };
}


/** The fitted weights in the artifact's form: a yes/no head keeps yes − no, the softmax over two labels depends on nothing else. */
export function pack({ kept, weights, bias }: Fitted, thresholds: Record<BinaryHead, number>, trainedOn: ModelArtifact['trainedOn'], levels: Record<Head, number>): ModelArtifact {
  const stored = (values: Float64Array, base: number, output: number) =>
    (values[base + output] ?? 0) - (YES_OUTPUTS.has(output) ? (values[base + output - 1] ?? 0) : 0);
  return packArtifact({
    kept,
    weight: (row, column) => stored(weights, row * OUTPUTS, STORED_OUTPUTS[column] ?? 0),
    bias: STORED_OUTPUTS.map((output) => stored(bias, 0, output)),
    thresholds,
    trainedOn,
    levels,
  });
}

export type { Features };
