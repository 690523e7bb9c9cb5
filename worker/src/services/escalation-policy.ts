/**
 * The escalation policy: an explicit request for a person escalates at once; a
 * no-AI topic escalates with no AI answer at all; otherwise the soft signals
 * vote and `threshold` of them escalate.
 */
import {
  cancelIntent,
  complexIssue,
  explicitHumanRequest,
  frustration,
  highValue,
  longConversation,
  loop,
  lowConfidence,
  noAiTopic,
  type ConfidenceLevel,
  type CustomerFacts,
  type HistoryTurn,
  type SignalResult,
} from './escalation-signals';
import { NO_AI_TOPICS, parseNoAiTopics, type NoAiTopic } from './no-ai-topics';

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

export interface EscalationDecision {
  action: 'answer' | 'escalate';
  /** True when the topic forbids an AI answer: send the handoff, not a generated reply. */
  noAiAnswer: boolean;
  /** Reason codes: the codes of the signals that decided, e.g. `human-request`, `no-ai-topic:refund`. */
  reasons: string[];
  /** Every signal evaluated, fired or not, for logs and the handoff packet. */
  signals: SignalResult[];
}

/**
 * Decide whether the assistant answers or a person takes over.
 *
 * @example
 * const decision = decideEscalation({ message, history, customer, confidence, now: Date.now() });
 * if (decision.action === 'escalate') emit({ type: 'escalation', reasons: decision.reasons, message: handoffText });
 */
export function decideEscalation(input: EscalationInput, options: Partial<EscalationOptions> = {}): EscalationDecision {
  const settings = { ...DEFAULT_ESCALATION_OPTIONS, ...options };
  const { message, history, now } = input;

  const human = explicitHumanRequest(message);
  const topic = noAiTopic(message, settings.noAiTopics);
  const soft = [
    frustration(message, history),
    cancelIntent(message),
    highValue(input.customer),
    lowConfidence(input.confidence),
    complexIssue(message),
    loop(message, history),
    longConversation(history, now, settings.maxTurns, settings.maxMinutes),
  ];
  const signals = [human, topic, ...soft];

  const topicReasons = topic.fired ? (topic.detail ?? '').split('; ').map((id) => `no-ai-topic:${id}`) : [];
  if (topic.fired) {
    return { action: 'escalate', noAiAnswer: true, reasons: [...(human.fired ? ['human-request'] : []), ...topicReasons], signals };
  }
  if (human.fired) return { action: 'escalate', noAiAnswer: false, reasons: ['human-request'], signals };

  const fired = soft.filter((signal) => signal.fired).map((signal) => signal.code);
  if (fired.length >= settings.threshold) return { action: 'escalate', noAiAnswer: false, reasons: fired, signals };
  return { action: 'answer', noAiAnswer: false, reasons: [], signals };
}

/** Parse the proposed env vars into options; a bad value throws naming the variable. */
export function escalationOptionsFromEnv(env: Record<string, unknown>): EscalationOptions {
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name] === undefined ? '' : String(env[name]).trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${name}="${raw}" is invalid: set it to a whole number from ${min} to ${max}.`);
    }
    return value;
  };
  return {
    threshold: integer('ESCALATION_THRESHOLD', DEFAULT_ESCALATION_OPTIONS.threshold, 1, 7),
    noAiTopics: env.NO_AI_TOPICS === undefined ? DEFAULT_ESCALATION_OPTIONS.noAiTopics : parseNoAiTopics(String(env.NO_AI_TOPICS)),
    maxTurns: integer('MAX_TURNS_BEFORE_ESCALATION', DEFAULT_ESCALATION_OPTIONS.maxTurns, 1, 1000),
    maxMinutes: integer('MAX_MINUTES_BEFORE_ESCALATION', DEFAULT_ESCALATION_OPTIONS.maxMinutes, 1, 10080),
  };
}
