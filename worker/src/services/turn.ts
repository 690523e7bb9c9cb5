/**
 * One visitor turn, from the message to its record: who the request speaks for
 * (ownership, a typed value), the history read once, the visitor's message
 * kept, one decision of who answers (the AI, the person who has the
 * conversation, or nobody automatic), the answer's events, and the record of
 * the turn (the assistant message, the conversation's outcome state, the LLM
 * tokens spent). The chat route parses the request and writes the events.
 *
 * A write the store refuses is queued for replay, not dropped
 * (store-replay.ts): the transcript an agent sees stays whole.
 */
import type { StreamEvent } from '../../../shared/protocol';
import type { Conversation, StoredMessage, VerifiedCustomer } from '../ports';
import type { SupportStore } from '../ports/support-store';
import { errorName } from '../log/log-line';
import { cohortFor, humanOnlyAnswer, whoAnswers, type AccessConfig, type Responder } from './ai-access';
import { answerEvents, type AnswerDependencies, type AnswerRecord } from './answering';
import { hashToken, randomId } from '../domain/tokens';
import { newConversationCredentials, owns } from './conversation-access';
import { HUMAN_IS_HANDLING, visitorWroteToHuman } from './inbox';
import { recordTurn } from './measurement';
import type { OutcomeOptions } from './outcomes';
import { saveOrReplay, updateOrReplay, type ReplayOptions } from './store-replay';

export interface TurnRequest {
  message: string;
  conversationId?: string;
  conversationToken?: string;
  /** The widget's anonymous visitor id: the rollout bucket of a new conversation. */
  visitorId?: string;
  product?: string;
  pageUrl?: string;
  lang?: string;
  /** From a valid signed identity token only. */
  customer?: VerifiedCustomer;
  now: number;
  /** Aborted when the visitor goes away: the model call stops and the answer is kept as incomplete. */
  signal: AbortSignal;
}

export interface TurnDependencies {
  store: SupportStore;
  answering: AnswerDependencies;
  access: AccessConfig;
  outcomes: OutcomeOptions;
  replay: ReplayOptions;
  log: (line: string) => void;
}

/**
 * Who the request speaks for: a new conversation, an existing one whose token
 * the store proved (`proven`), or a claim the store could not check because it
 * was down (`unproven`: no history is read, and the writes carry the claimed
 * token's hash so the store checks it when they land).
 */
export type Ownership = 'new' | 'proven' | 'unproven';

/** Why a turn was refused before anything was stored. */
export type TurnRefusal = 'token-required' | 'not-owner';

export type TurnStart =
  | { ok: true; ownership: Ownership; responder: Responder; conversationId: string; conversationToken: string; events: AsyncGenerator<StreamEvent, void, undefined> }
  | { ok: false; reason: TurnRefusal };

type StartEvent = Extract<StreamEvent, { type: 'start' }>;

type Opened = { ok: true; ownership: Ownership; conversation: Conversation; token: string } | { ok: false; reason: TurnRefusal };

/** Open the turn (ownership, history, the visitor's message, who answers); the events do the answering and the recording. */
export async function startTurn(request: TurnRequest, dependencies: TurnDependencies): Promise<TurnStart> {
  const opened = await openConversation(request, dependencies);
  if (!opened.ok) return opened;
  const { conversation, ownership, token } = opened;
  const { replay, store } = dependencies;
  // Refused and queued: the turn's outcome must be queued after it, since the store skips an update of a conversation it lacks.
  let createPending = false;
  if (ownership === 'new') {
    const cohort = cohortFor(dependencies.access, request.visitorId, request.customer);
    Object.assign(conversation, { product: request.product, pageUrl: request.pageUrl, lang: request.lang, customerId: request.customer?.id, cohort });
    createPending = (await saveOrReplay({ type: 'create-conversation', conversation }, replay)) !== 'saved';
  }
  // Only a proven owner reads the history; an unproven claim answers statelessly.
  const history = ownership === 'proven' ? await store.getMessages(conversation.id).catch((): StoredMessage[] => []) : [];
  // The store could not prove the conversation is this visitor's (it was down): the write checks when it lands.
  const owner = ownership === 'unproven' ? { ownerTokenHash: conversation.tokenHash } : {};
  const keep = (message: StoredMessage) => saveOrReplay({ type: 'append-message', conversationId: conversation.id, message, ...owner }, replay);
  const visitorMessage: StoredMessage = { id: randomId(12), role: 'visitor', text: request.message, at: request.now };
  await keep(visitorMessage);

  const responder = whoAnswers(dependencies.access, conversation, request);
  const start: StartEvent = { type: 'start', conversationId: conversation.id, conversationToken: token, messageId: randomId(12) };
  const started = { ok: true as const, ownership, responder, conversationId: conversation.id, conversationToken: token };
  if (responder.by === 'human') {
    await visitorWroteToHuman(store, conversation.id, request.message, request.now).catch(() => dependencies.log('store unavailable: inbox case not updated'));
    return { ...started, events: humanHandling(start) };
  }
  const answered = async (record: AnswerRecord | undefined) => {
    if (record) {
      if (record.tokens) await dependencies.answering.allowance?.spend(record.tokens);
      await keep(assistantMessage(record, start, visitorMessage, request.signal));
    }
    const turn = { visitorText: request.message, visitorAt: request.now, history, record, answeredAt: Date.now(), humanOnly: responder.by === 'off' ? responder.reason : undefined };
    // `now`: the turn read the conversation then; a replay keeps what was stored after (a rating meanwhile).
    if (ownership !== 'unproven') await recordTurn(conversation, turn, dependencies.outcomes, (patch) => updateOrReplay(conversation.id, patch, createPending, replay, request.now));
  };
  const answer = () => (responder.by === 'off' ? humanOnlyAnswer(responder.reason) : answerEvents({ message: request.message, history, customer: request.customer, product: request.product, lang: request.lang, signal: request.signal, now: request.now }, dependencies.answering));
  return { ...started, events: answerTurn(start, answer, answered, dependencies.log) };
}

/** A person has the conversation: the visitor's message is stored for them, and no retrieval or model call is made. */
async function* humanHandling(start: StartEvent): AsyncGenerator<StreamEvent, void, undefined> {
  yield start;
  yield { type: 'text-delta', delta: HUMAN_IS_HANDLING };
  yield { type: 'finish', confidence: 'none', mode: 'escalated' };
}

async function* answerTurn(
  start: StartEvent,
  answer: () => AsyncGenerator<StreamEvent, AnswerRecord, undefined>,
  answered: (record: AnswerRecord | undefined) => Promise<void>,
  log: (line: string) => void,
): AsyncGenerator<StreamEvent, void, undefined> {
  yield start;
  let record: AnswerRecord | undefined;
  try {
    record = yield* answer();
  } catch (error) {
    log(`answer failed: ${errorName(error)}`);
    yield { type: 'error', code: 'internal', message: 'Something went wrong while answering. Talking to a human still works.' };
  } finally {
    await answered(record);
  }
}

function assistantMessage(record: AnswerRecord, start: StartEvent, visitorMessage: StoredMessage, signal: AbortSignal): StoredMessage {
  return {
    id: start.messageId,
    role: 'assistant',
    replyTo: visitorMessage.id,
    text: record.text,
    at: Date.now(),
    sources: record.sources,
    confidence: record.confidence,
    ...(record.incomplete || signal.aborted ? { incomplete: true } : {}),
    ...(record.escalation ? { escalation: record.escalation } : {}),
  };
}

/** A new conversation, or the visitor's own existing one (proved by its token). */
async function openConversation(request: TurnRequest, { store, log }: TurnDependencies): Promise<Opened> {
  const { conversationId: id, conversationToken: token, now } = request;
  const fresh = async (conversationId: string, secret: string): Promise<Conversation> => ({ id: conversationId, tokenHash: await hashToken(secret), createdAt: now, updatedAt: now, status: 'ai' });
  if (!id) {
    const credentials = newConversationCredentials();
    return { ok: true, ownership: 'new', conversation: await fresh(credentials.id, credentials.token), token: credentials.token };
  }
  if (!token) return { ok: false, reason: 'token-required' };
  let existing: Conversation | undefined;
  try {
    existing = await store.getConversation(id);
  } catch {
    log('store unavailable: answering without history');
    // The store is down: keep answering, statelessly, rather than refuse the visitor.
    return { ok: true, ownership: 'unproven', conversation: await fresh(id, token), token };
  }
  // Never saved (the store failed at its first message) or expired: the token's holder starts it afresh rather than being locked out.
  if (!existing) return { ok: true, ownership: 'new', conversation: await fresh(id, token), token };
  if (!(await owns(existing, token))) return { ok: false, reason: 'not-owner' };
  return { ok: true, ownership: 'proven', conversation: existing, token };
}
