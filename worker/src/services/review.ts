/**
 * The review queue: the feedback loop from what went wrong to which doc to
 * write. 👎 answers, escalations, "not sure" answers, loops and low CSAT, each
 * with its transcript and sources, a place for the reviewer's verdict, and the
 * questions the AI could not answer, grouped so writers see the most common first.
 */
import type { ReviewItem, ReviewQueue, UnansweredQuestion } from '../../../shared/admin-api';
import type { SupportStore } from '../ports/support-store';
import type { Conversation } from '../ports';
import { cohortOf } from './metrics';
import { settle, type OutcomeOptions } from './outcomes';
import { normalize } from './text-match';
import { reasonCode } from '../../../shared/reasons';

export const REVIEW_CAUSES = ['missing-doc', 'wrong-doc', 'retrieval-miss', 'escalation-wrong'] as const;
export type ReviewCause = (typeof REVIEW_CAUSES)[number];

/** Why a conversation needs a look, from its stored flags and its CSAT. */
export function reviewReasons(conversation: Conversation): string[] {
  const reasons = [...(conversation.review ?? [])];
  if (typeof conversation.csat === 'number' && conversation.csat <= 2) reasons.push('low-csat');
  return reasons;
}

export async function loadReviewQueue(
  store: SupportStore,
  range: { from: number; to: number },
  options: OutcomeOptions & { now: number; limit: number },
): Promise<ReviewQueue> {
  const conversations = await store.listConversations({ ...range, limit: 5000 });
  const flagged = conversations.filter((conversation) => reviewReasons(conversation).length > 0).reverse().slice(0, options.limit);
  const items = await Promise.all(
    flagged.map(async (conversation): Promise<ReviewItem> => {
      const [messages, feedback] = await Promise.all([store.getMessages(conversation.id), store.listFeedback(conversation.id)]);
      return {
        id: conversation.id,
        createdAt: conversation.createdAt,
        product: conversation.product,
        cohort: cohortOf(conversation),
        outcome: settle(conversation, options.now, options).outcome,
        reasons: reviewReasons(conversation),
        cause: conversation.reviewCause,
        csat: conversation.csat,
        csatComment: conversation.csatComment,
        feedback,
        transcript: messages.map(({ id, role, text, at, sources, confidence, escalation }) => ({ id, role, text, at, sources, confidence, escalation })),
      };
    }),
  );
  return { items, topUnanswered: topUnanswered(items), sentByPolicy: topUnanswered(items, 10, 'policy') };
}

const HUMAN_ONLY = new Set(['ai-disabled', 'rollout', 'internal-only']);

/** An escalation the policy makes on purpose, whatever the docs say: a no-AI topic or a request for a person. */
export function sentByPolicy(reasons: readonly string[] | undefined): boolean {
  return Boolean(reasons?.some((reason) => {
    const code = reasonCode(reason);
    return code === 'human-request' || code.startsWith('no-ai-topic');
  }));
}

/**
 * Visitor questions grouped, most frequent first. `unanswered`: the answer was "not sure",
 * an escalation the AI's own failure caused, or a 👎. `policy`: the escalation policy sent them to a person.
 */
export function topUnanswered(items: ReviewItem[], limit = 10, kind: 'unanswered' | 'policy' = 'unanswered'): UnansweredQuestion[] {
  const groups = new Map<string, UnansweredQuestion>();
  for (const item of items) {
    const downVoted = new Set(item.feedback.filter((entry) => entry.rating === 'down').map((entry) => entry.messageId));
    item.transcript.forEach((message, index) => {
      if (message.role !== 'assistant') return;
      // A question the AI was never allowed to answer says nothing about the docs.
      if (message.escalation?.some((reason) => HUMAN_ONLY.has(reason))) return;
      const byPolicy = sentByPolicy(message.escalation);
      const unanswered = kind === 'policy' ? byPolicy : !byPolicy && (message.confidence === 'none' || Boolean(message.escalation?.length) || downVoted.has(message.id));
      const question = [...item.transcript.slice(0, index)].reverse().find((turn) => turn.role === 'visitor');
      if (!unanswered || !question) return;
      const key = normalize(question.text).replace(/[^\p{L}\p{N} ]+/gu, '').replace(/\s+/g, ' ').trim();
      const group = groups.get(key) ?? { question: question.text.slice(0, 300), count: 0, conversationIds: [] };
      group.count += 1;
      if (!group.conversationIds.includes(item.id)) group.conversationIds.push(item.id);
      groups.set(key, group);
    });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count).slice(0, limit);
}
