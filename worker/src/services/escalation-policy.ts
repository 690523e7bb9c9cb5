/**
 * The escalation policy: an explicit request for a person escalates at once; a
 * no-AI topic escalates with no AI answer at all; otherwise the soft signals
 * vote and `threshold` of them escalate. The signals come from the turn's
 * triage (worker/src/triage/triage.ts), and so does the model's judgement of
 * the whole turn, learned from cases labelled by the guide's two-signal rule:
 * it escalates too, with the signals it saw as reasons, while the threshold
 * is at most 2 (with a stricter ESCALATION_THRESHOLD only the count decides).
 */
import { triage, type ScoredSignal, type Triage } from '../triage/triage';
import type { ConfidenceLevel, CustomerFacts, HistoryTurn } from './escalation-signals';
import { NO_AI_TOPICS, type NoAiTopic } from '../domain/no-ai-topics';

export interface EscalationInput {
  message: string;
  /** Earlier turns, oldest first, without the current message. */
  history: readonly HistoryTurn[];
  /** From a verified identity token only (identity.ts); omit otherwise. */
  customer?: CustomerFacts;
  confidence?: ConfidenceLevel;
  /** Unix ms. */
  now: number;
}

export interface EscalationOptions {
  /** How many soft signals must fire to escalate (ESCALATION_THRESHOLD). */
  threshold: number;
  /** Topic ids the assistant must not answer (NO_AI_TOPICS). */
  noAiTopics: readonly NoAiTopic[];
  /** Visitor turns without a human reply before the conversation counts as long. */
  maxTurns: number;
  /** Minutes without a human reply before the conversation counts as long. */
  maxMinutes: number;
}

export const DEFAULT_ESCALATION_OPTIONS: EscalationOptions = {
  threshold: 2,
  noAiTopics: NO_AI_TOPICS,
  maxTurns: 8,
  maxMinutes: 20,
};

/** The signal count the labelled cases (../shared/kb/triage/GUIDE.md) were written for: the judgement learned that rule. */
const JUDGEMENT_THRESHOLD = 2;

export interface EscalationDecision {
  action: 'answer' | 'escalate';
  /** True when the topic forbids an AI answer: send the handoff, not a generated reply. */
  noAiAnswer: boolean;
  /** Reason codes: the codes of the signals that decided, e.g. `human-request`, `no-ai-topic:refund`. */
  reasons: string[];
  /** Every signal evaluated, fired or not, with its score, for logs and the handoff packet. */
  signals: ScoredSignal[];
}

/**
 * Decide whether the assistant answers or a person takes over, from the
 * turn's triage (worker/src/triage/) and, once retrieval ran, its confidence.
 * No text is read here: call it as often as the turn needs.
 *
 * @example
 * const found = triage({ message, history, customer, now }, options);
 * const decision = escalationFrom(found, confidence, options);
 * if (decision.action === 'escalate') emit({ type: 'escalation', reasons: decision.reasons, message: handoffText });
 */
export function escalationFrom(found: Triage, confidence: ConfidenceLevel | undefined, options: Partial<EscalationOptions> = {}): EscalationDecision {
  const settings = { ...DEFAULT_ESCALATION_OPTIONS, ...options };
  const human = found.humanRequest;
  const topic = found.topicSignal;
  // Retrieval votes when the answer is withheld ("not sure"). The calibrated "low" still means the passage is more
  // likely right than wrong, and the widget shows it: counting it handed over most how-tos with one other signal.
  const withheld = confidence === 'none';
  const soft: ScoredSignal[] = [...found.signals, { code: 'low-confidence', fired: withheld, score: withheld ? 1 : 0, ...(withheld ? { detail: 'confidence none' } : {}) }];
  const signals = [human, topic, ...soft];

  if (found.topic) {
    return { action: 'escalate', noAiAnswer: true, reasons: [...(human.fired ? ['human-request'] : []), `no-ai-topic:${found.topic}`], signals };
  }
  if (human.fired) return { action: 'escalate', noAiAnswer: false, reasons: ['human-request'], signals };

  const fired = soft.filter((signal) => signal.fired).map((signal) => signal.code);
  if (fired.length >= settings.threshold) return { action: 'escalate', noAiAnswer: false, reasons: fired, signals };
  if (found.judgement.fired && settings.threshold <= JUDGEMENT_THRESHOLD) {
    return { action: 'escalate', noAiAnswer: false, reasons: ['triage-model', ...fired], signals: [...signals, found.judgement] };
  }
  return { action: 'answer', noAiAnswer: false, reasons: [], signals };
}

/** Triage the message and decide in one call (the eval CLI and tests; a turn triages once and calls escalationFrom). */
export function decideEscalation(input: EscalationInput, options: Partial<EscalationOptions> = {}): EscalationDecision {
  const settings = { ...DEFAULT_ESCALATION_OPTIONS, ...options };
  return escalationFrom(triage(input, settings), input.confidence, settings);
}
