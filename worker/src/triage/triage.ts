/**
 * Triage of one visitor message, computed once per turn: a request for a
 * person, a no-AI topic, the soft signals (each with a score and a reason),
 * the category, sentiment, urgency, language and a one-line summary.
 *
 * Rules decide only where they are certain (an explicit request for a person,
 * found by human-request.ts; the no-AI topic phrases; the verified customer's
 * value tier; the turn count and age of the conversation). Everything read
 * from words is the learned model's (model.json, trained by
 * `npm run train:triage`), each yes/no head at the threshold training chose.
 * Beside the parts, the model judges the whole: `judgement` is its `escalate`
 * head, the guide's verdict learned directly, which the policy weighs with
 * the signal count.
 */
import type { TriageSummary } from '../../../shared/triage';
import type { ConfidenceLevel, CustomerFacts, HistoryTurn, SignalCode } from '../services/escalation-signals';
import { findHumanRequest } from '../services/human-request';
import { detectNoAiTopics, NO_AI_TOPICS, type NoAiTopic } from '../services/no-ai-topics';
import { customerText, featuresOf, historyFacts, MAX_TEXT_CHARS } from './features';
import { loadModel, type BinaryHead, type ModelArtifact, type Prediction, type TriageModel } from './model';
import artifact from './model.json';

export interface TriageInput {
  message: string;
  /** Earlier turns, oldest first, without the current message. */
  history: readonly HistoryTurn[];
  /** From a verified identity token only; omit otherwise. */
  customer?: CustomerFacts;
  /** Unix ms. */
  now: number;
}

export interface TriageOptions {
  noAiTopics: readonly NoAiTopic[];
  maxTurns: number;
  maxMinutes: number;
  /** The configured categories (TRIAGE_CATEGORIES); a predicted one outside them becomes "other" (or the last). */
  categories?: readonly string[];
}

export interface ScoredSignal {
  code: SignalCode | 'urgency';
  fired: boolean;
  /** The model's probability, or 1/0 for a rule. */
  score: number;
  detail?: string;
}

export interface Triage extends TriageSummary {
  humanRequest: ScoredSignal;
  /** The no-AI topic, when one fired. */
  topic: NoAiTopic | null;
  topicSignal: ScoredSignal;
  /** The soft signals, fired or not, low-confidence excluded (retrieval adds it). */
  signals: ScoredSignal[];
  /** The model's verdict on the whole turn: should a person take it (the `escalate` head)? */
  judgement: ScoredSignal;
  /** The visitor repeats a question already answered: what measurement counts as a loop. */
  loop: boolean;
  categoryScore: number;
}

/**
 * The model's person request fires only when it is near certain: at the soft-signal bar, short docs questions
 * ("Can I export to PDF?", 0.79) were handed to people, with no retrieval at all. Phrasings the rule misses and the
 * model is sure of ("is there a person I can talk to", "can someone from your team look") still fire.
 */
const MODEL_HUMAN_THRESHOLD = 0.9;

/**
 * The guide's routing rule where a no-AI topic settles it ("a refund request is billing"): in the labelled sets
 * refund, billing-dispute and privacy cases carry these categories 144 times out of 145.
 */
const TOPIC_ROUTES: Partial<Record<NoAiTopic, string>> = { refund: 'billing', 'billing-dispute': 'billing', privacy: 'privacy-security' };

let defaultModel: TriageModel | undefined;
/** The committed model, loaded once per isolate. */
export function committedModel(): TriageModel {
  defaultModel ??= loadModel(artifact as ModelArtifact);
  return defaultModel;
}

const yes = (prediction: Prediction, head: BinaryHead) => Number((prediction[head].probabilities[1] ?? 0).toFixed(3));

/** The first sentence of the message, at most 140 characters, for an agent's list. */
export function oneLine(message: string): string {
  const flat = message.slice(0, MAX_TEXT_CHARS).replace(/\s+/g, ' ').trim();
  const sentence = /^(.{12,}?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  return sentence.length > 140 ? `${sentence.slice(0, 139).trimEnd()}…` : sentence;
}

export function triage(input: TriageInput, options: TriageOptions, model: TriageModel = committedModel()): Triage {
  const turns = input.history;
  const facts = historyFacts(input.message, turns);
  const tier = input.customer?.verified ? input.customer.valueTier?.toLowerCase() : undefined;
  const plan = input.customer?.verified ? input.customer.plan?.toLowerCase() : undefined;
  const highValue = tier === 'high' || tier === 'enterprise' || plan === 'enterprise';
  const prediction = model.predict(featuresOf(input.message, turns, { facts, highValue, maxTurns: options.maxTurns }));
  const signal = (code: ScoredSignal['code'], head: BinaryHead, detail: string, score = yes(prediction, head)): ScoredSignal =>
    score >= model.threshold(head) ? { code, fired: true, score, detail } : { code, fired: false, score };

  const ruleHuman = findHumanRequest(customerText(input.message));
  const humanScore = yes(prediction, 'human-request');
  const humanRequest: ScoredSignal = ruleHuman.length > 0
    ? { code: 'human-request', fired: true, score: 1, detail: ruleHuman.join('; ') }
    : humanScore >= Math.max(MODEL_HUMAN_THRESHOLD, model.threshold('human-request'))
      ? { code: 'human-request', fired: true, score: humanScore, detail: 'asks for a person (model)' }
      : { code: 'human-request', fired: false, score: humanScore };

  // The no-AI head says whether; the topic head says which.
  const topicProbabilities = prediction.topic.probabilities;
  const noAiScore = yes(prediction, 'no-ai');
  let topic: NoAiTopic | null = null;
  let topicScore = 0;
  if (noAiScore >= model.threshold('no-ai')) {
    NO_AI_TOPICS.forEach((id, index) => {
      const p = topicProbabilities[index + 1] ?? 0;
      if (options.noAiTopics.includes(id) && p > topicScore) [topic, topicScore] = [id, p];
    });
    if (topic) topicScore = noAiScore;
  }
  // The topic phrases are near certain when they match (precision 0.96 on the blind sets): they add what the model misses.
  let topicRule = '';
  if (!topic) {
    const ruled = detectNoAiTopics(input.message.slice(0, MAX_TEXT_CHARS), options.noAiTopics)[0];
    if (ruled) [topic, topicScore, topicRule] = [ruled.topic, 1, `; ${ruled.terms.join(', ')}`];
  }
  const topicSignal: ScoredSignal = topic
    ? { code: 'no-ai-topic', fired: true, score: Number(topicScore.toFixed(3)), detail: `${topic}${topicRule}` }
    : { code: 'no-ai-topic', fired: false, score: noAiScore };

  const loopScore = yes(prediction, 'loop');
  const visitorTurns = facts.visitorTurns + 1;
  const firstAt = input.history.at(-Math.min(input.history.length, 64))?.at ?? input.now;
  const minutes = (input.now - firstAt) / 60_000;
  const long = [visitorTurns > options.maxTurns ? `${visitorTurns} visitor turns` : '', minutes > options.maxMinutes ? `${Math.round(minutes)} minutes` : ''].filter(Boolean);
  const signals: ScoredSignal[] = [
    signal('frustration', 'frustration', 'upset or fed up (model)'),
    signal('cancel-intent', 'cancel-intent', 'wants to cancel or leave (model)'),
    highValue ? { code: 'high-value', fired: true, score: 1, detail: tier ? `value tier ${tier}` : 'enterprise plan' } : { code: 'high-value', fired: false, score: 0 },
    signal('complex-issue', 'complexity', 'needs an investigation of their account (model)'),
    signal('loop', 'loop', `repeats or says the answer did not work (model; similarity ${facts.repeat.toFixed(2)})`, facts.answered ? loopScore : 0),
    signal('urgency', 'urgency', 'deadline or business impact now (model)'),
    long.length > 0 ? { code: 'long-conversation', fired: true, score: 1, detail: long.join('; ') } : { code: 'long-conversation', fired: false, score: 0 },
  ];

  const categories = options.categories;
  let category: string = (topic && TOPIC_ROUTES[topic]) || prediction.category.label;
  if (categories && !categories.includes(category)) category = categories.includes('other') ? 'other' : (categories.at(-1) ?? category);
  return {
    category,
    categoryScore: Number(prediction.category.p.toFixed(3)),
    sentiment: prediction.sentiment.label,
    urgency: yes(prediction, 'urgent') >= model.threshold('urgent') ? 'high' : 'normal',
    summary: oneLine(input.message),
    lang: prediction.lang.label,
    humanRequest,
    topic,
    topicSignal,
    signals,
    judgement: signal('triage-model', 'escalate', 'a person should take this (model)'),
    loop: signals.some((found) => found.code === 'loop' && found.fired),
  };
}

/** The part of a triage the conversation and the handoff packet carry. */
export function summaryOf(result: Triage): TriageSummary {
  return { category: result.category, sentiment: result.sentiment, urgency: result.urgency, summary: result.summary, lang: result.lang };
}

export type { ConfidenceLevel };
