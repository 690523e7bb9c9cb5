/**
 * The triage model's heads and their outputs: one softmax per field, and the
 * yes/no heads, whose artifact column holds only yes − no. The trainer, the
 * artifact and the model all index outputs this way.
 */
import { DEFAULT_TRIAGE_CATEGORIES, SENTIMENTS } from '../../../shared/triage';
import { NO_AI_TOPICS } from '../services/no-ai-topics';

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

/** Per output index, the index of its head in HEAD_NAMES. */
export const OUTPUT_HEAD: readonly number[] = HEAD_NAMES.flatMap((head, headIndex) => HEADS[head].map(() => headIndex));
/** Output indices that are a yes/no head's "yes", stored as yes − no. */
export const YES_OUTPUTS: ReadonlySet<number> = new Set(
  OUTPUT_HEAD.flatMap((headIndex, output) => ((BINARY_HEADS as readonly Head[]).includes(HEAD_NAMES[headIndex] ?? 'topic') && OUTPUT_HEAD[output - 1] === headIndex ? [output] : [])),
);
/**
 * The columns the artifact stores, as output indices: every label of a
 * many-label head, and only "yes" of a yes/no head, holding yes − no (a
 * softmax over two labels needs only their difference; "no" scores 0).
 */
export const STORED_OUTPUTS: readonly number[] = OUTPUT_HEAD.flatMap((headIndex, output) =>
  (BINARY_HEADS as readonly Head[]).includes(HEAD_NAMES[headIndex] ?? 'topic') && !YES_OUTPUTS.has(output) ? [] : [output]);
