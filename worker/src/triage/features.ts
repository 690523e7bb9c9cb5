/**
 * Features of one visitor message for the triage model: hashed word unigrams
 * and bigrams, hashed character 3- and 4-grams inside words (they carry
 * "refund"/"rembourse"/"reembolso" and typos alike across en/de/fr/es), and a
 * few history features read from the last turns of the conversation, and
 * whether the verified customer is high-value (the guide counts it as a signal,
 * so the `escalate` head must see it).
 *
 * Every step is linear in the text, and the text read is bounded: the first
 * MAX_TEXT_CHARS characters of the message and the last HISTORY_TURNS turns.
 */
import { contentTokens, similarity } from '../services/text-match';
import { inEnglish } from '../domain/support-vocabulary';
import { withoutAssistantInstructions } from './assistant-instructions';

export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;
/** Enough for any support question; the rest of a long paste adds nothing but CPU. */
export const MAX_TEXT_CHARS = 1500;
/** Turns of history the features read (the newest ones). */
export const HISTORY_TURNS = 12;
const HISTORY_TEXT_CHARS = 600;
/**
 * The weight of an English word carried from a foreign one (support-vocabulary.ts), beside the
 * foreign word's own features: 0.5, chosen by leaving writers out and on the crossing (docs/triage.md).
 */
const CARRIED_WEIGHT = 0.5;

export interface FeatureTurn {
  role: 'visitor' | 'assistant' | 'agent';
  text: string;
}

/** A sparse, L2-normalised feature vector: hashed index → value. */
export type Features = Map<number, number>;

/** FNV-1a over UTF-16 code units: stable across runtimes, no allocation. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

/** Lower-cased words, accents kept (they tell the languages apart). */
export function words(text: string): string[] {
  return text.slice(0, MAX_TEXT_CHARS).toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").match(/[\p{L}\p{N}']+|[!?]/gu) ?? [];
}

function add(features: Features, key: string, weight = 1): void {
  const index = hash(key);
  features.set(index, (features.get(index) ?? 0) + weight);
}

/** The most similar earlier visitor question that the assistant (or an agent) answered, 0..1. */
export function repeatSimilarity(message: string, history: readonly FeatureTurn[]): number {
  const recent = history.slice(-HISTORY_TURNS);
  const tokens = contentTokens(message.slice(0, MAX_TEXT_CHARS));
  let best = 0;
  for (let index = 0; index < recent.length - 1; index += 1) {
    const turn = recent[index];
    const next = recent[index + 1];
    if (turn?.role !== 'visitor' || next?.role === 'visitor') continue;
    best = Math.max(best, similarity(tokens, contentTokens(turn.text.slice(0, HISTORY_TEXT_CHARS))));
  }
  return best;
}

export interface HistoryFacts {
  /** Visitor turns before this one since the last agent reply. */
  visitorTurns: number;
  /** The history holds an assistant answer. */
  answered: boolean;
  /** See repeatSimilarity. */
  repeat: number;
}

/** History facts, reading at most the whole history's roles once (no text) and the last turns' text. */
export function historyFacts(message: string, history: readonly FeatureTurn[]): HistoryFacts {
  let visitorTurns = 0;
  let answered = false;
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const role = history[index]?.role;
    if (role === 'agent') break;
    if (role === 'visitor') visitorTurns += 1;
    if (role === 'assistant') answered = true;
  }
  return { visitorTurns, answered, repeat: repeatSimilarity(message, history) };
}

/**
 * The part of a message triage reads, rule and model alike: its first MAX_TEXT_CHARS characters, without
 * the sentences that instruct the assistant itself (assistant-instructions.ts), which ask nothing of the customer's.
 */
export const customerText = (message: string): string => withoutAssistantInstructions(message.slice(0, MAX_TEXT_CHARS));

/** The guide's turn limit, which the training cases were labelled against. */
export const GUIDE_MAX_TURNS = 8;

export interface FeatureContext {
  facts?: HistoryFacts;
  /** The verified customer is high-value. */
  highValue?: boolean;
  /** The admin's MAX_TURNS_BEFORE_ESCALATION: the turn count is read relative to it. */
  maxTurns?: number;
}

/**
 * The turn count as the guide would see it under the admin's limit: the
 * training cases were labelled with 8 turns as long, so with a limit of 1000
 * a 100-turn conversation reads like one of fewer than 1 turn, not of 8+.
 */
export function scaledTurns(visitorTurns: number, maxTurns = GUIDE_MAX_TURNS): number {
  return Math.min(Math.floor((visitorTurns * GUIDE_MAX_TURNS) / Math.max(1, maxTurns)), GUIDE_MAX_TURNS);
}

export function featuresOf(message: string, history: readonly FeatureTurn[], context: FeatureContext = {}): Features {
  const { facts = historyFacts(message, history), highValue = false, maxTurns = GUIDE_MAX_TURNS } = context;
  const features: Features = new Map();
  const text = customerText(message);
  const tokens = words(text);
  // A foreign support word also counts as its English word ("Rückerstattung" as refund), so
  // what the English cases teach carries to the other languages.
  const carried = inEnglish(text);
  if (carried !== text) {
    const own = new Set(tokens);
    for (const word of words(carried)) if (!own.has(word)) add(features, `w:${word}`, CARRIED_WEIGHT);
  }
  let previous = '<s>';
  for (const word of tokens) {
    add(features, `w:${word}`);
    add(features, `b:${previous} ${word}`);
    previous = word;
    const padded = `<${word}>`;
    for (let size = 3; size <= 4; size += 1) {
      for (let start = 0; start + size <= padded.length; start += 1) add(features, `c:${padded.slice(start, start + size)}`, 0.5);
    }
  }
  // The assistant's last answer, as context: a follow-up after an answer reads differently from a first question.
  const lastAnswer = [...history.slice(-HISTORY_TURNS)].reverse().find((turn) => turn.role !== 'visitor');
  for (const word of lastAnswer ? words(lastAnswer.text.slice(0, HISTORY_TEXT_CHARS)) : []) add(features, `h:${word}`, 0.3);
  const upper = message.slice(0, MAX_TEXT_CHARS).replace(/[^A-Za-z]/g, '');
  if (upper.length >= 12 && upper.replace(/[^A-Z]/g, '').length / upper.length >= 0.7) add(features, 'x:shouting');
  add(features, `x:turns:${scaledTurns(facts.visitorTurns, maxTurns)}`);
  if (facts.answered) add(features, 'x:answered');
  add(features, `x:repeat:${Math.round(facts.repeat * 4)}`, 2);
  if (history.length === 0) add(features, 'x:first');
  if (highValue) add(features, 'x:high-value');
  let norm = 0;
  for (const value of features.values()) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (const [index, value] of features) features.set(index, value / norm);
  return features;
}
