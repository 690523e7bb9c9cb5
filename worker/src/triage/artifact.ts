/**
 * The stored form of the triage model (model.json, format
 * `switchboard-triage/3`), written by train.ts and read by model.ts.
 *
 * It is laid out for gzip, which the 300 KB budget measures. Per head, each
 * weight is a whole number of steps, −L…L, times the head's scale (its
 * largest weight / L), written as one printable ASCII character that JSON
 * needs no escape for. A head's stored columns follow one another (head-major),
 * each one character per kept feature, so a string holds one head's values
 * and gzip's codes fit that head. Base64 of interleaved int8 (format /2) cut
 * the bytes at 6-bit boundaries, and gzip found little to share.
 *
 * @example
 * const artifact = packArtifact({ kept, weight: (row, column) => w[row][column], bias, thresholds, trainedOn, levels: DEFAULT_LEVELS });
 * const { indices, weights } = unpackArtifact(artifact); // weights: row-major, kept features × STORED_OUTPUTS
 */
import { FEATURE_BITS } from './features';
import { BINARY_HEADS, HEAD_NAMES, HEADS, OUTPUT_HEAD, STORED_OUTPUTS, type BinaryHead, type Head } from './heads';

export const MODEL_FORMAT = 'switchboard-triage/3';
/** Printable ASCII without `"` and `\`, the two JSON would escape: 93 characters, so L ≤ 46. */
export const STEP_ALPHABET = Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)).filter((char) => char !== '"' && char !== '\\').join('');
export const MAX_LEVELS = (STEP_ALPHABET.length - 1) / 2;

/**
 * Steps per sign for each head (L): 31, six bits a weight. Against the unquantised weights it changed 9 of 350 probe
 * questions' topic, category or sentiment and none's escalation (docs/triage.md); 15 changed 17, 7 changed escalations.
 */
export const DEFAULT_LEVELS: Record<Head, number> = Object.fromEntries(HEAD_NAMES.map((head) => [head, 31])) as Record<Head, number>;

export interface ModelArtifact {
  format: typeof MODEL_FORMAT;
  bits: number;
  heads: { [H in Head]: readonly string[] };
  /** Sorted hashed indices, delta-encoded. */
  indexDeltas: number[];
  /** Per head: L, the largest step. */
  levels: Record<Head, number>;
  /** Per head: the weight of one step. */
  scale: Record<Head, number>;
  /** Per head: its stored columns in order, each one character per feature, STEP_ALPHABET[step + L]. */
  weights: Record<Head, string>;
  /** Per stored column (STORED_OUTPUTS): bias. */
  bias: number[];
  /** Per yes/no head: the probability at which it fires, chosen on out-of-fold predictions. */
  thresholds: Record<BinaryHead, number>;
  trainedOn: { files: string[]; cases: number; seed: number; minCases: number };
}

/** Stored columns (positions in STORED_OUTPUTS) of each head, in order. */
const HEAD_COLUMNS: Record<Head, number[]> = Object.fromEntries(
  HEAD_NAMES.map((head, headIndex) => [head, STORED_OUTPUTS.flatMap((output, column) => (OUTPUT_HEAD[output] === headIndex ? [column] : []))]),
) as Record<Head, number[]>;

export interface PackInput {
  /** Hashed indices kept, ascending. */
  kept: readonly number[];
  /** The trained weight of a kept feature (its position in `kept`) for a stored column. */
  weight(row: number, column: number): number;
  bias: readonly number[];
  thresholds: Record<BinaryHead, number>;
  trainedOn: ModelArtifact['trainedOn'];
  levels: Record<Head, number>;
}

export function packArtifact({ kept, weight, bias, thresholds, trainedOn, levels }: PackInput): ModelArtifact {
  const scale = {} as Record<Head, number>;
  const weights = {} as Record<Head, string>;
  for (const head of HEAD_NAMES) {
    const steps = levels[head];
    if (!Number.isInteger(steps) || steps < 1 || steps > MAX_LEVELS) throw new Error(`triage model: levels for ${head} must be a whole number from 1 to ${MAX_LEVELS}`);
    let max = 0;
    for (const column of HEAD_COLUMNS[head]) for (let row = 0; row < kept.length; row += 1) max = Math.max(max, Math.abs(weight(row, column)));
    const step = Number((max / steps || 1).toPrecision(6));
    const chars: string[] = [];
    for (const column of HEAD_COLUMNS[head]) {
      for (let row = 0; row < kept.length; row += 1) {
        const value = Math.max(-steps, Math.min(steps, Math.round(weight(row, column) / step)));
        chars.push(STEP_ALPHABET[value + steps] ?? '');
      }
    }
    scale[head] = step;
    weights[head] = chars.join('');
  }
  return {
    format: MODEL_FORMAT,
    bits: FEATURE_BITS,
    heads: HEADS,
    indexDeltas: kept.map((index, position) => index - (kept[position - 1] ?? 0)),
    levels: { ...levels },
    scale,
    weights,
    bias: bias.map((value) => Number(value.toPrecision(6))),
    thresholds,
    trainedOn,
  };
}

export interface Unpacked {
  /** Hashed indices, ascending. */
  indices: number[];
  /** Row-major: per index, one weight per stored column (STORED_OUTPUTS). */
  weights: Float64Array;
  bias: readonly number[];
}

/** Character code → position in STEP_ALPHABET, −1 for any other character. */
const STEP_OF = new Int8Array(128).fill(-1);
for (let index = 0; index < STEP_ALPHABET.length; index += 1) STEP_OF[STEP_ALPHABET.charCodeAt(index)] = index;

/** Check an artifact and turn it back into weights. A bad artifact throws with the reason. */
export function unpackArtifact(artifact: ModelArtifact): Unpacked {
  if (artifact.format !== MODEL_FORMAT) {
    throw new Error(`triage model: unknown format ${String(artifact.format)}; this code reads ${MODEL_FORMAT}: run npm run train:triage`);
  }
  if (artifact.bits !== FEATURE_BITS) throw new Error(`triage model: trained with ${artifact.bits} feature bits, the code hashes ${FEATURE_BITS}`);
  for (const head of HEAD_NAMES) {
    if (JSON.stringify(artifact.heads[head]) !== JSON.stringify(HEADS[head])) throw new Error(`triage model: head ${head} has other labels than the code; run npm run train:triage`);
  }
  for (const head of BINARY_HEADS) {
    const value = artifact.thresholds?.[head];
    if (typeof value !== 'number' || !(value > 0 && value < 1)) throw new Error(`triage model: no threshold for head ${head}; run npm run train:triage`);
  }
  const rows = artifact.indexDeltas.length;
  const columns = STORED_OUTPUTS.length;
  if (artifact.bias.length !== columns) throw new Error('triage model: weights do not match the feature count');
  const weights = new Float64Array(rows * columns);
  for (const head of HEAD_NAMES) {
    const text = artifact.weights?.[head];
    const steps = artifact.levels?.[head];
    const step = artifact.scale?.[head];
    if (typeof text !== 'string' || text.length !== rows * HEAD_COLUMNS[head].length) throw new Error('triage model: weights do not match the feature count');
    if (typeof steps !== 'number' || typeof step !== 'number') throw new Error(`triage model: no levels or scale for head ${head}`);
    HEAD_COLUMNS[head].forEach((column, nth) => {
      for (let row = 0; row < rows; row += 1) {
        const value = (STEP_OF[text.charCodeAt(nth * rows + row)] ?? -1) - steps;
        if (value < -steps || value > steps) throw new Error(`triage model: head ${head} has a weight outside −${steps}…${steps}`);
        weights[row * columns + column] = value * step;
      }
    });
  }
  let index = 0;
  const indices = artifact.indexDeltas.map((delta) => (index += delta));
  return { indices, weights, bias: artifact.bias };
}
