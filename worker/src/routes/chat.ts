import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ChatRequestSchema, PROTOCOL_HEADER, PROTOCOL_VERSION, type StreamEvent } from '../../../shared/protocol';
import type { Config } from '../config';
import type { Dependencies } from '../dependencies';
import type { AppEnv } from '../env';
import { readJson } from '../http/body';
import { AppError } from '../http/errors';
import { clientIp, enforceLimits, enforceSiteLimit, verifiedCustomer } from '../http/visitor';
import type { Conversation, StoredMessage, VerifiedCustomer } from '../ports';
import type { PromptTicket } from '../services/prompt';
import { answer, type AnswerDependencies, type AnswerRecord } from '../services/answering';
import { humanHandlingStream } from '../http/human-handling-stream';
import { assertOwner, hashToken, newConversationCredentials, randomId } from '../services/conversation-access';
import { cohortFor, decideAccess, humanOnlyAnswer } from '../services/ai-access';
import { outcomeOptions, recordTurn } from '../services/measurement';
import { saveOrReplay, updateOrReplay } from '../services/store-replay';
import { replayOptions } from './replay-options';
import { errorName } from '../log/log-line';
import { smallTalk } from '../services/small-talk';

export const chat = new Hono<AppEnv>();

chat.post('/', async (c) => {
  const request = await readJson(c, ChatRequestSchema);
  const config = c.get('config');
  const dependencies = c.get('dependencies');
  const { store, limits, log } = dependencies;
  const ip = clientIp(c);
  // Before any store, retrieval or model call: a flood costs us nothing.
  // Small talk makes no retrieval or model call, so it does not spend the site's limit.
  const [, network] = await enforceLimits([
    [limits.visitor, `${ip}|${request.conversationId ?? 'new'}`],
    [limits.network, ip],
  ]);
  if (!smallTalk(request.message)) await enforceSiteLimit(limits.site, limits.siteReserve, network!);
  const now = Date.now();
  const customer = await verifiedCustomer(c, request.userToken);

  // A write the store refuses is queued for replay, not dropped: the transcript an agent sees stays whole.
  const replay = replayOptions(c);
  const opened = await openConversation(store, request.conversationId, request.conversationToken, now, log);
  const conversation = opened.conversation;
  // Refused and queued: the turn's outcome must be queued after it, since the store skips an update of a conversation it lacks.
  let createPending = false;
  if (opened.isNew) {
    const cohort = cohortFor(config, request.visitorId, customer);
    Object.assign(conversation, { product: request.product, pageUrl: request.pageUrl, lang: request.lang, customerId: customer?.id, cohort });
    createPending = (await saveOrReplay({ type: 'create-conversation', conversation }, replay)) !== 'saved';
  }
  // Only a proven owner reads the history; an unproven claim answers statelessly.
  const history = opened.ownership === 'proven' ? await store.getMessages(conversation.id).catch((): StoredMessage[] => []) : [];
  // The store could not prove the conversation is this visitor's (it was down): the write checks when it lands.
  const owner = opened.ownership === 'unproven' ? { ownerTokenHash: conversation.tokenHash } : {};
  const keep = (message: StoredMessage) => saveOrReplay({ type: 'append-message', conversationId: conversation.id, message, ...owner }, replay);
  const visitorMessage: StoredMessage = { id: randomId(12), role: 'visitor', text: request.message, at: now };
  await keep(visitorMessage);
  // A person has taken this conversation: the AI stays quiet until the agent hands it back.
  if (conversation.status === 'human') return humanHandlingStream(c, store, { id: conversation.id, token: opened.token }, request.message, now);

  c.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
  c.header('x-accel-buffering', 'no');
  const upstream = new AbortController();
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => upstream.abort());
    const emit = async (event: StreamEvent) => {
      if (!stream.aborted) await stream.writeSSE({ data: JSON.stringify(event) });
    };
    const messageId = randomId(12);
    await emit({ type: 'start', conversationId: conversation.id, conversationToken: opened.token, messageId });
    // Hand the thread back once, so the runtime sends `start` before retrieval and the model call take it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    let record: AnswerRecord | undefined;
    // The kill switch, rollout, scope and internal-only rules: a person answers, with no retrieval or model call.
    const access = decideAccess(config, { cohort: conversation.cohort ?? 'ai', customer, product: request.product ?? conversation.product });
    try {
      if (!access.ai) record = await humanOnlyAnswer(access.reason, emit);
      else record = await answer(
        { message: request.message, history, customer, previousTickets: () => previousTickets(store, customer), product: request.product, lang: request.lang, signal: upstream.signal, now },
        answerDependencies(config, dependencies),
        emit,
      );
    } catch (error) {
      log(`answer failed: ${errorName(error)}`);
      await emit({ type: 'error', code: 'internal', message: 'Something went wrong while answering. Talking to a human still works.' });
    } finally {
      if (record) {
        const assistantMessage: StoredMessage = {
          id: messageId,
          role: 'assistant',
          replyTo: visitorMessage.id,
          text: record.text,
          at: Date.now(),
          sources: record.sources,
          confidence: record.confidence,
          ...(record.incomplete || stream.aborted ? { incomplete: true } : {}),
          ...(record.escalation ? { escalation: record.escalation } : {}),
        };
        await keep(assistantMessage);
      }
      const turn = { visitorText: request.message, visitorAt: now, history, record, answeredAt: Date.now(), humanOnly: access.ai ? undefined : access.reason };
      // `now`: the turn read the conversation then; a replay keeps what was stored after (a rating meanwhile).
      if (opened.ownership !== 'unproven') await recordTurn(conversation, turn, outcomeOptions(config), (patch) => updateOrReplay(conversation.id, patch, createPending, replay, now));
    }
  });
});

/** A verified customer's earlier cases (by the signed customer id, never a typed email), newest first; none when the store can't say. */
async function previousTickets(store: Dependencies['store'], customer: VerifiedCustomer | undefined): Promise<PromptTicket[] | undefined> {
  if (!customer) return undefined;
  const cases = await store.listCustomerCases(customer.id, 20).catch(() => []);
  return cases
    .filter((item) => item.customerVerified && item.customerId === customer.id)
    .slice(0, 5)
    .map((item) => ({ question: item.lastQuestion, ...(item.resolution ? { resolution: item.resolution } : {}) }));
}

/** What answering needs from config and the adapters, for this request. */
function answerDependencies(config: Config, dependencies: Dependencies): AnswerDependencies {
  const { limits } = dependencies;
  return {
    retriever: dependencies.retriever,
    model: dependencies.model,
    log: dependencies.log,
    minConfidence: config.minConfidence,
    maxAnswerTokens: config.maxAnswerTokens,
    promptTokenBudget: config.promptTokenBudget,
    retrievalTimeoutMs: config.retrievalTimeoutMs,
    escalation: {
      threshold: config.escalationThreshold,
      noAiTopics: config.noAiTopics,
      maxTurns: config.maxTurnsBeforeEscalation,
      maxMinutes: config.maxMinutesBeforeEscalation,
    },
    categories: config.triageCategories,
    ...(dependencies.triageJudge ? { triageJudge: dependencies.triageJudge, triageTimeoutMs: Math.min(config.openaiTimeoutMs, 2000), triageGate: async () => (await limits.llmTokens.check('site')).success } : {}),
    supportEmail: config.supportEmail || undefined,
    modelGate: () => modelGate(dependencies),
    recordTokens: (tokens) => void limits.llmTokens.consume('site', tokens),
  };
}

/** The site's daily caps on LLM tokens and calls. */
async function modelGate({ limits }: Dependencies): Promise<boolean> {
  const tokens = await limits.llmTokens.check('site');
  if (!tokens.success) return false;
  return (await limits.llmCalls.limit('site')).success;
}

/**
 * Who the request speaks for: a new conversation, an existing one whose token
 * the store proved (`proven`), or a claim the store could not check because it
 * was down (`unproven`: no history is read, and the writes carry the claimed
 * token's hash so the store checks it when they land).
 */
type OpenedConversation = { ownership: 'new' | 'proven' | 'unproven'; conversation: Conversation; isNew: boolean; token: string };

/** A new conversation, or the visitor's own existing one (proved by its token). */
async function openConversation(
  store: Dependencies['store'],
  id: string | undefined,
  token: string | undefined,
  now: number,
  log: (line: string) => void,
): Promise<OpenedConversation> {
  if (id) {
    if (!token) throw new AppError(400, 'bad_request', 'Invalid request: conversationToken: required with conversationId.');
    let existing: Conversation | undefined;
    try {
      existing = await store.getConversation(id);
    } catch {
      log('store unavailable: answering without history');
      // The store is down: keep answering, statelessly, rather than refuse the visitor.
      return { ownership: 'unproven', conversation: { id, tokenHash: await hashToken(token), createdAt: now, updatedAt: now, status: 'ai' }, isNew: false, token };
    }
    // Never saved (the store failed at its first message) or expired: the token's holder starts it afresh rather than being locked out.
    if (!existing) return { ownership: 'new', conversation: { id, tokenHash: await hashToken(token), createdAt: now, updatedAt: now, status: 'ai' }, isNew: true, token };
    return { ownership: 'proven', conversation: await assertOwner(existing, token), isNew: false, token };
  }
  const credentials = newConversationCredentials();
  const conversation: Conversation = { id: credentials.id, tokenHash: await hashToken(credentials.token), createdAt: now, updatedAt: now, status: 'ai' };
  return { ownership: 'new', conversation, isNew: true, token: credentials.token };
}
