/**
 * Writes the outcome state of a conversation as things happen to it: a turn
 * answered, a rating, a CSAT answer, a reviewer's verdict. The transitions are
 * pure (outcomes.ts); this file only applies them through the store, and a
 * store failure here never breaks the visitor's request (the turn service
 * replays a turn's patch the store refused: services/store-replay.ts).
 */
import type { Conversation, StoredMessage } from '../ports';
import type { AnswerRecord } from './answering';
import { onAnswer, onRating, onVisitorMessage, type AnswerFacts, type OutcomeOptions, type OutcomePatch } from './outcomes';

const HOUR_MS = 3_600_000;

/** ASSUMED_RESOLUTION_HOURS and REOPEN_WINDOW_HOURS, as config.ts parsed them. */
export interface OutcomeWindows {
  assumedResolutionHours: number;
  reopenWindowHours: number;
}

export function outcomeOptions(config: OutcomeWindows): OutcomeOptions {
  return { assumedAfterMs: config.assumedResolutionHours * HOUR_MS, reopenWithinMs: config.reopenWindowHours * HOUR_MS };
}

/** How the turn ended, from what the answer left behind. */
export function answerMode(record: AnswerRecord, humanOnly: string | undefined): AnswerFacts['mode'] {
  if (humanOnly === 'out-of-scope') return 'out-of-scope';
  if (humanOnly) return 'human-only';
  if (record.escalation?.length) return 'escalated';
  if (record.confidence === 'none' || !record.text) return 'not-sure';
  return 'answered';
}

export interface TurnFacts {
  visitorText: string;
  visitorAt: number;
  history: StoredMessage[];
  record: AnswerRecord | undefined;
  answeredAt: number;
  /** Set when the AI was not allowed to answer (ai-access.ts). */
  humanOnly?: string;
}

/** What a turn writes to its conversation: the outcome state, and the latest triage. */
export type TurnPatch = OutcomePatch & Pick<Conversation, 'triage'>;

/** One visitor message and its answer, applied to the conversation's outcome state; the turn's triage replaces the stored one. */
export function turnPatch(conversation: Conversation, facts: TurnFacts, options: OutcomeOptions): TurnPatch {
  const triage = facts.record?.triage && JSON.stringify(facts.record.triage) !== JSON.stringify(conversation.triage) ? { triage: facts.record.triage } : {};
  return { ...outcomePatch(conversation, facts, options), ...triage };
}

function outcomePatch(conversation: Conversation, facts: TurnFacts, options: OutcomeOptions): OutcomePatch {
  const afterVisitor = { ...conversation, ...onVisitorMessage(conversation, facts.visitorText, facts.visitorAt, options) };
  // No answer (the store was down), or a greeting or thanks answered in a line: only the visitor's message counts.
  if (!facts.record || facts.record.smallTalk) return diff(conversation, afterVisitor);
  const mode = answerMode(facts.record, facts.humanOnly);
  // The loop is the turn's triage's (answering.ts): detected once, not again here.
  const patch = onAnswer(afterVisitor, { at: facts.answeredAt, mode, loop: mode !== 'human-only' && facts.record.loop === true });
  return diff(conversation, { ...afterVisitor, ...patch });
}

/** `save` writes the patch (the turn service: to the store, or queued for replay); it must not throw. */
export async function recordTurn(conversation: Conversation, facts: TurnFacts, options: OutcomeOptions, save: (patch: TurnPatch) => Promise<unknown>): Promise<void> {
  const patch = turnPatch(conversation, facts, options);
  if (Object.keys(patch).length === 0) return;
  await save(patch);
}

export function ratingPatch(conversation: Conversation, rating: 'up' | 'down', at: number, options: OutcomeOptions): OutcomePatch {
  return onRating(conversation, rating, at, options);
}

/** Only the fields that changed. */
function diff(before: Conversation, after: Conversation): OutcomePatch {
  const patch: Record<string, unknown> = {};
  for (const key of ['outcome', 'outcomeAt', 'firstResponseAt', 'lastAnswerAt', 'lastAnswerUnhelpful', 'escalatedAt', 'review', 'ratedAt'] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) patch[key] = after[key];
  }
  return patch as OutcomePatch;
}
