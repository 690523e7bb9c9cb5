/**
 * How a conversation ends: pure transitions from one outcome state to the next.
 *
 *   open ──👍 or "that solved it"──────────▶ resolved-confirmed
 *   open ──policy/visitor asks for a person─▶ escalated ──ticket resolved──▶ human-resolved
 *   open ──silence ≥ ASSUMED_RESOLUTION_HOURS after a useful answer──▶ resolved-assumed   (derived at read)
 *   open ──silence ≥ ASSUMED_RESOLUTION_HOURS after an unhelpful one──▶ abandoned          (derived at read)
 *   resolved-* ──the visitor comes back within REOPEN_WINDOW_HOURS──▶ reopened ──escalation──▶ escalated
 *
 * Assumed resolutions are never stored and never mixed into confirmed ones: they
 * are what silence looks like, so they are computed from the clock when read.
 */
import type { Outcome } from '../../../shared/admin-api';
import type { Conversation } from '../ports';

export const OUTCOMES: readonly Outcome[] = ['resolved-confirmed', 'resolved-assumed', 'escalated', 'human-resolved', 'abandoned', 'reopened', 'open'];

export interface OutcomeOptions {
  /** ASSUMED_RESOLUTION_HOURS, in ms. */
  assumedAfterMs: number;
  /** REOPEN_WINDOW_HOURS, in ms. */
  reopenWithinMs: number;
}

/** The measurement fields of a conversation: what the transitions read and write. */
export type OutcomeState = Pick<
  Conversation,
  'createdAt' | 'updatedAt' | 'status' | 'outcome' | 'outcomeAt' | 'firstResponseAt' | 'lastAnswerAt' | 'lastAnswerUnhelpful' | 'escalatedAt' | 'review' | 'ratedAt'
>;

export type OutcomePatch = Partial<OutcomeState>;

/** How an AI turn ended, as the chat route saw it. */
export interface AnswerFacts {
  at: number;
  mode: 'answered' | 'not-sure' | 'escalated' | 'out-of-scope' | 'human-only';
  loop?: boolean;
}

const FILLER = /^(?:ok|okay|great|perfect|awesome|cool|brilliant|yes|yep|thanks|thank you|thx|ty|cheers|many thanks)\b ?/;
const CORE = /^(?:(?:that|this|it)(?: has|'s| is)? (?:solved|fixed|worked|helped|did it|works now|answers)|(?:problem|issue) (?:solved|fixed)|all (?:sorted|good)|works now)\b/;

/** "thanks, that worked", "that solved it", "perfect, it works now": a visitor saying the answer helped. */
export function isConfirmation(text: string): boolean {
  let rest = text.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (rest.length > 80) return false;
  for (let match = FILLER.exec(rest); match; match = FILLER.exec(rest)) rest = rest.slice(match[0].length);
  const core = CORE.exec(rest);
  // A short tail only ("…, thanks a lot"): a longer one is usually a new question.
  return core !== null && rest.length - core[0].length <= 30 && !/\b(?:not|n't|but)\b/.test(rest);
}

/** The outcome as of `now`: the stored one, or the one silence implies. */
export function settle(state: OutcomeState, now: number, options: OutcomeOptions): { outcome: Outcome; outcomeAt?: number } {
  const stored = storedOutcome(state);
  if (stored.outcome !== 'open') return stored;
  if (state.lastAnswerAt !== undefined && now - state.lastAnswerAt >= options.assumedAfterMs) {
    // A resolution is dated when its answer was given; abandonment when the visitor was last seen.
    return { outcome: state.lastAnswerUnhelpful ? 'abandoned' : 'resolved-assumed', outcomeAt: state.lastAnswerAt };
  }
  return { outcome: 'open' };
}

/** The stored outcome, reconciled with status changes made elsewhere (handoff, agent inbox). */
function storedOutcome(state: OutcomeState): { outcome: Outcome; outcomeAt?: number } {
  const outcome = state.outcome ?? 'open';
  const wasEscalated = outcome === 'escalated' || state.status === 'escalated' || state.status === 'human' || state.escalatedAt !== undefined;
  // Only a person resolves through `status` (the agent inbox); its last write dates the resolution.
  if (outcome === 'human-resolved') return { outcome, outcomeAt: state.outcomeAt };
  if (state.status === 'resolved' && (wasEscalated || outcome === 'open')) return { outcome: 'human-resolved', outcomeAt: state.updatedAt };
  if (wasEscalated && outcome !== 'escalated') return { outcome: 'escalated', outcomeAt: state.escalatedAt ?? state.updatedAt };
  return { outcome, outcomeAt: state.outcomeAt };
}

/** The visitor wrote again: a confirmation resolves, a return after a resolution reopens. */
export function onVisitorMessage(state: OutcomeState, text: string, at: number, options: OutcomeOptions): OutcomePatch {
  const { outcome, outcomeAt } = settle(state, at, options);
  if (outcome === 'open' || outcome === 'abandoned') {
    // An abandoned conversation the visitor comes back to was not abandoned after all.
    if (isConfirmation(text) && state.lastAnswerAt !== undefined) return { outcome: 'resolved-confirmed', outcomeAt: at };
    return outcome === 'abandoned' ? { outcome: 'open', outcomeAt: undefined } : {};
  }
  if (outcome === 'resolved-confirmed' || outcome === 'resolved-assumed') {
    if (isConfirmation(text)) return outcome === 'resolved-assumed' ? { outcome: 'resolved-confirmed', outcomeAt: at } : {};
    if (outcomeAt !== undefined && at - outcomeAt <= options.reopenWithinMs) return { outcome: 'reopened', outcomeAt: at };
    return {};
  }
  return {};
}

/** The AI (or its stand-in) answered a visitor message. */
export function onAnswer(state: OutcomeState, facts: AnswerFacts): OutcomePatch {
  const patch: OutcomePatch = { lastAnswerAt: facts.at, lastAnswerUnhelpful: facts.mode !== 'answered' };
  // First response: the first answer (or honest "not sure"). A hand-off notice only acknowledges; in a
  // conversation that gets one, the first response is a person's first reply (inbox.replyToCase).
  if (state.firstResponseAt === undefined && (facts.mode === 'answered' || facts.mode === 'not-sure')) patch.firstResponseAt = facts.at;
  const review = new Set(state.review ?? []);
  if (facts.mode === 'not-sure') review.add('not-sure');
  if (facts.loop) review.add('loop');
  if (facts.mode === 'escalated' || facts.mode === 'out-of-scope' || facts.mode === 'human-only') {
    const settled = storedOutcome(state).outcome;
    if (settled !== 'escalated' && settled !== 'human-resolved') Object.assign(patch, { outcome: 'escalated', outcomeAt: facts.at });
    patch.escalatedAt = state.escalatedAt ?? facts.at;
    if (facts.mode !== 'human-only') review.add('escalated');
  }
  if (review.size !== (state.review ?? []).length) patch.review = [...review];
  return patch;
}

/** 👍 confirms a resolution; 👎 marks the answer unhelpful and sends the conversation to review. */
export function onRating(state: OutcomeState, rating: 'up' | 'down', at: number, options: OutcomeOptions): OutcomePatch {
  const { outcome } = settle(state, at, options);
  if (rating === 'down') {
    const patch: OutcomePatch = { lastAnswerUnhelpful: true, ratedAt: at };
    if (!(state.review ?? []).includes('down')) patch.review = [...(state.review ?? []), 'down'];
    // A 👎 takes back a confirmation the visitor gave; it never undoes an escalation.
    if (outcome === 'resolved-confirmed') Object.assign(patch, { outcome: 'open', outcomeAt: undefined });
    return patch;
  }
  if (outcome === 'open' || outcome === 'resolved-assumed' || outcome === 'abandoned') {
    return { outcome: 'resolved-confirmed', outcomeAt: at, lastAnswerUnhelpful: false, ratedAt: at };
  }
  return { ratedAt: at };
}

/** A person closed the escalated conversation (agent inbox). */
export function onHumanResolved(state: OutcomeState, at: number): OutcomePatch {
  if (storedOutcome(state).outcome !== 'escalated') return {};
  return { outcome: 'human-resolved', outcomeAt: at, status: 'resolved' };
}
