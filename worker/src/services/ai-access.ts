/**
 * Start small, stay in control: who answers a visitor's message. A person who
 * has taken the conversation, the kill switch, the rollout share, the product
 * scope and internal-only testing are decided here, once per turn and before
 * any retrieval or model call, and a refused question goes to a person with an
 * honest sentence saying why.
 */
import type { Cohort, Conversation, VerifiedCustomer } from '../ports';
import { rolloutBucket } from '../domain/rollout';
import { escalate, type AnswerEvents } from './answering';

export { rolloutBucket };

export type HumanOnlyReason = 'ai-disabled' | 'rollout' | 'internal-only' | 'out-of-scope';

export type AccessDecision = { ai: true } | { ai: false; reason: HumanOnlyReason };

/** AI_ENABLED, ROLLOUT_PERCENT, PRODUCTS and INTERNAL_ONLY, as config.ts parsed them. */
export interface AccessConfig {
  aiEnabled: boolean;
  rolloutPercent: number;
  products: readonly string[];
  internalOnly: boolean;
}

/** Who answers this turn: the AI, the person who has the conversation, or nobody automatic (a handover, with why). */
export type Responder = { by: 'ai' } | { by: 'human' } | { by: 'off'; reason: HumanOnlyReason };

/** Without a well-formed visitor id a partial rollout leaves the visitor out: a person is the safe default. */
export function inRollout(visitorKey: string | undefined, percent: number): boolean {
  if (percent >= 100) return true;
  return percent > 0 && visitorKey !== undefined && /^[A-Za-z0-9_-]{22,64}$/.test(visitorKey) && rolloutBucket(visitorKey) < percent;
}

/** The cohort a new conversation is counted in: fixed at creation, so AI and human-only can be compared. */
export function cohortFor(config: AccessConfig, visitorKey: string | undefined, customer: VerifiedCustomer | undefined): Cohort {
  if (!config.aiEnabled || !inRollout(visitorKey, config.rolloutPercent)) return 'human-only';
  if (config.internalOnly && !customer?.internal) return 'human-only';
  return 'ai';
}

/** May the AI answer this question? The kill switch applies at once, even to conversations that began with the AI. */
export function decideAccess(config: AccessConfig, input: { cohort: Cohort; customer?: VerifiedCustomer; product?: string }): AccessDecision {
  if (!config.aiEnabled) return { ai: false, reason: 'ai-disabled' };
  if (config.internalOnly && !input.customer?.internal) return { ai: false, reason: 'internal-only' };
  if (input.cohort === 'human-only') return { ai: false, reason: 'rollout' };
  if (config.products.length > 0 && input.product && !config.products.includes(input.product)) return { ai: false, reason: 'out-of-scope' };
  return { ai: true };
}

/** The one "may the AI answer?" decision of a turn: a person who has taken the conversation first, then the access rules. */
export function whoAnswers(config: AccessConfig, conversation: Pick<Conversation, 'status' | 'cohort' | 'product'>, input: { customer?: VerifiedCustomer; product?: string }): Responder {
  // A person has taken this conversation: the AI stays quiet until the agent hands it back.
  if (conversation.status === 'human') return { by: 'human' };
  const access = decideAccess(config, { cohort: conversation.cohort ?? 'ai', customer: input.customer, product: input.product ?? conversation.product });
  return access.ai ? { by: 'ai' } : { by: 'off', reason: access.reason };
}

const LEAVE_DETAILS = "Leave your details below and they'll reply, with what you've written here.";

export const HUMAN_ONLY_MESSAGES: Record<HumanOnlyReason, string> = {
  'ai-disabled': `Our AI assistant is switched off right now, so a person from our team will answer you. ${LEAVE_DETAILS}`,
  rollout: `A person from our team answers questions here. ${LEAVE_DETAILS}`,
  'internal-only': `A person from our team answers questions here. ${LEAVE_DETAILS}`,
  'out-of-scope': `I can only answer questions about some of our products here, so a person from our team will pick this up. ${LEAVE_DETAILS}`,
};

/** The answer when the AI may not answer: a handover, with no retrieval and no model call. */
export function humanOnlyAnswer(reason: HumanOnlyReason): AnswerEvents {
  return escalate([reason], HUMAN_ONLY_MESSAGES[reason]);
}
