import { Hono } from 'hono';
import type { ConversationView } from '../../../shared/protocol';
import type { AppEnv } from '../env';
import { AppError, notYourConversation } from '../http/errors';
import { clientIp, enforceLimits } from '../http/visitor';
import { owns } from '../services/conversation-access';
import { MESSAGES } from '../services/messages';

export const conversations = new Hono<AppEnv>();

/** The visitor's own transcript, to restore the widget after a reload or in another tab. */
conversations.get('/:id', async (c) => {
  const { store, limits } = c.get('dependencies');
  const id = c.req.param('id');
  if (!/^[A-Za-z0-9_-]{22,64}$/.test(id)) throw new AppError(400, 'bad_request', 'Invalid request: id: must be an id issued by the server.');
  // Before the store read: a guesser pays for every try, the store does not.
  await enforceLimits([[limits.restore, clientIp(c)]], MESSAGES.rateLimited);
  let conversation;
  let messages;
  try {
    conversation = await store.getConversation(id);
  } catch (error) {
    throw new AppError(503, 'upstream_unavailable', 'Your conversation cannot be loaded right now. Talking to a human still works.', { cause: error });
  }
  if (!(await owns(conversation, c.req.header('x-conversation-token')))) throw notYourConversation();
  try {
    messages = await store.getMessages(id);
  } catch (error) {
    throw new AppError(503, 'upstream_unavailable', 'Your conversation cannot be loaded right now. Talking to a human still works.', { cause: error });
  }
  const view: ConversationView = {
    conversationId: id,
    status: conversation!.status,
    messages: messages.map(({ id: messageId, role, text, at, sources, confidence, incomplete }) => ({
      id: messageId,
      role,
      text,
      at,
      ...(sources ? { sources } : {}),
      ...(confidence ? { confidence } : {}),
      ...(incomplete ? { incomplete } : {}),
    })),
  };
  c.header('cache-control', 'no-store');
  return c.json(view);
});
