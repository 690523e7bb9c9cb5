import { Hono } from 'hono';
import { FeedbackRequestSchema } from '../../../shared/protocol';
import type { AppEnv } from '../env';
import { readJson } from '../http/body';
import { AppError, notYourConversation } from '../http/errors';
import { clientIp, enforceLimits } from '../http/visitor';
import type { Conversation, StoredMessage } from '../ports';
import { owns } from '../services/conversation-access';
import { outcomeOptions, ratingPatch } from '../services/measurement';
import { MESSAGES } from '../services/messages';

export const feedback = new Hono<AppEnv>();

const unavailable = (cause: unknown) => new AppError(503, 'upstream_unavailable', 'Your feedback cannot be saved right now. Thank you all the same.', { cause });

/**
 * A 👍/👎 on one answer (with an optional reason) or the end-of-conversation
 * CSAT. Only the conversation's owner may rate it: the token proves it.
 */
feedback.post('/', async (c) => {
  const request = await readJson(c, FeedbackRequestSchema);
  const { store, limits } = c.get('dependencies');
  await enforceLimits([[limits.visitor, `${clientIp(c)}|feedback`]], MESSAGES.rateLimited);
  let existing: Conversation | undefined;
  try {
    existing = await store.getConversation(request.conversationId);
  } catch (error) {
    throw unavailable(error);
  }
  if (!existing || !(await owns(existing, request.conversationToken))) throw notYourConversation();
  const conversation = existing;
  const now = Date.now();
  try {
    if (request.rating && request.messageId) {
      const messages: StoredMessage[] = await store.getMessages(conversation.id);
      if (!messages.some((message) => message.id === request.messageId && message.role === 'assistant')) {
        throw new AppError(404, 'not_found', 'There is no such answer in this conversation.');
      }
      await store.saveFeedback({
        conversationId: conversation.id,
        messageId: request.messageId,
        rating: request.rating,
        ...(request.reason ? { reason: request.reason } : {}),
        ...(request.comment ? { comment: request.comment } : {}),
        at: now,
      });
      const patch = ratingPatch(conversation, request.rating, now, outcomeOptions(c.get('config')));
      if (Object.keys(patch).length > 0) await store.updateConversation(conversation.id, patch);
    } else if (request.csat !== undefined) {
      await store.updateConversation(conversation.id, { csat: request.csat, csatComment: request.comment, csatAt: now });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unavailable(error);
  }
  return c.body(null, 204);
});
