import { Hono } from 'hono';
import { HandoffRequestSchema } from '../../../shared/protocol';
import type { AppEnv } from '../env';
import { readJson } from '../http/body';
import { AppError, notYourConversation } from '../http/errors';
import { clientIp, enforceLimits } from '../http/visitor';
import { verifiedCustomer } from '../services/identity';
import type { Conversation, StoredMessage } from '../ports';
import { hashToken, randomId } from '../domain/tokens';
import { owns } from '../services/conversation-access';
import { createHandoff, type HandoffOutcome } from '../services/handoff';
import { expectationFor } from '../services/handoff-expectation';
import { openCase } from '../services/inbox';
import { fillIn, messagesFor } from '../services/messages';
import { saveOrReplay } from '../services/store-replay';
import { replayOptions } from './replay-options';

export const handoff = new Hono<AppEnv>();

function refused(outcome: Exclude<HandoffOutcome, { ok: true }>): AppError {
  if (outcome.reason === 'email-required') return new AppError(400, 'bad_request', 'Invalid request: email: we need an email address so a person can reply.');
  return new AppError(503, 'upstream_unavailable', outcome.supportEmail
    ? `We could not record your request right now. Please email ${outcome.supportEmail} and we will pick it up from there.`
    : 'We could not record your request right now. Please try again in a minute.');
}

handoff.post('/', async (c) => {
  const request = await readJson(c, HandoffRequestSchema);
  const config = c.get('config');
  const { store, sinks, email, log, limits, queue } = c.get('dependencies');
  await enforceLimits([[limits.handoff, clientIp(c)]], 'Too many requests for a person from this network. Please wait a few minutes, or email us.');
  await enforceLimits([[limits.handoffSite, 'site']], 'We are receiving more requests for a person than usual. Please email us, or try again in a few minutes.');
  const customer = await verifiedCustomer(request.userToken, config, log);

  let conversation: Conversation | undefined;
  let unconfirmedConversation: { id: string; ownerTokenHash: string } | undefined;
  let messages: StoredMessage[] = [];
  const reasons: string[] = [];
  if (request.conversationId) {
    let existing: Conversation | undefined;
    let storeDown = false;
    try {
      existing = await store.getConversation(request.conversationId);
    } catch {
      storeDown = true;
    }
    // A conversation the store never saved (it failed at the first message) must not cost the visitor a person.
    if (!storeDown && existing) {
      if (!(await owns(existing, request.conversationToken))) throw notYourConversation();
      conversation = existing;
      messages = await store.getMessages(conversation.id).catch((): StoredMessage[] => []);
      const escalated = [...messages].reverse().find((message) => message.escalation?.length);
      if (escalated?.escalation) reasons.push(...escalated.escalation);
    } else if (request.conversationToken) {
      // Down, or its create is still queued: it is marked escalated when it lands, if the token is its own.
      unconfirmedConversation = { id: request.conversationId, ownerTokenHash: await hashToken(request.conversationToken) };
    }
  }
  if (!reasons.includes('visitor-request')) reasons.unshift('visitor-request');
  // Said in the conversation's language, else the browser's (a hand-off before any message).
  const lang = conversation?.lang ?? c.req.header('accept-language')?.split(/[,;]/)[0];

  const outcome = await createHandoff(
    { request, conversation, unconfirmedConversation, messages, reasons, customer },
    {
      store,
      sinks,
      log,
      queue,
      retryBaseSeconds: config.handoffRetryBaseSeconds,
      maxAttempts: config.handoffMaxAttempts,
      onRecorded: (record) => openCase(store, record),
      replay: replayOptions(c),
      supportEmail: config.supportEmail || undefined,
      // Only what the configuration can keep: a reply here (inbox), by email (EMAIL_WEBHOOK_URL), or who was told.
      expectation: expectationFor(config, { sinks, email }, lang).text,
    },
  );
  if (!outcome.ok) throw refused(outcome);
  const result = outcome.response;
  if (conversation) {
    // The confirmation stays in the conversation: a reload, another tab or the agent's transcript still shows it.
    const text = fillIn(messagesFor(lang).handedOver, { reference: result.reference, expectation: result.expectation });
    const note: StoredMessage = { id: randomId(12), role: 'system', text, at: Date.now() };
    await saveOrReplay({ type: 'append-message', conversationId: conversation.id, message: note }, replayOptions(c));
  }
  return c.json(result, 201);
});
