/**
 * Capability interfaces. Services depend on these; only files in `adapters/`
 * implement them, and only adapters import vendor SDKs.
 */
import type { Confidence, Source, TranscriptMessage } from '../../../shared/protocol';
import type { Cohort, Outcome } from '../../../shared/admin-api';
import type { TriageSummary } from '../../../shared/triage';

export type { Cohort } from '../../../shared/admin-api';

export type Collection = 'docs' | 'tickets';

export interface SearchQuery {
  text: string;
  collection: Collection;
  /** Soft-preferred (local) or filtered (vector) product scope. */
  product?: string;
  topK: number;
  /** Drop hits whose normalised score is below this (0..1). */
  minScore?: number;
  signal?: AbortSignal;
}

/** One retrieved chunk. `score` is normalised to 0..1 and never leaves the worker. */
export interface SearchHit {
  id: string;
  collection: Collection;
  /** Page id: the same for every chunk of one page (or one ticket). */
  pageId: string;
  title: string;
  url: string;
  section?: string;
  product?: string;
  updatedAt?: string;
  text: string;
  score: number;
  /** Share (0..1) of the question's informative words this page matched, when the retriever knows it. */
  coverage?: number;
}

/**
 * Finds the chunks of docs or resolved tickets that best answer a question.
 *
 * @example
 * const hits = await retriever.search({ text: 'How do I reset my password?', collection: 'docs', topK: 5 });
 */
export interface Retriever {
  search(query: SearchQuery): Promise<SearchHit[]>;
}

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatModelRequest {
  messages: ChatTurn[];
  maxTokens: number;
  signal: AbortSignal;
}

/**
 * Streams a completion as text deltas. Breaking out of the loop or aborting
 * `signal` cancels the upstream request.
 *
 * @example
 * for await (const delta of model.stream({ messages, maxTokens: 600, signal })) send(delta);
 */
export interface ChatModel {
  stream(request: ChatModelRequest): AsyncIterable<string>;
}

/** What an LLM reads of one message for triage; every field is checked by the adapter. */
export interface LlmTriageRequest {
  message: string;
  /** The last turns, oldest first. */
  history: { role: 'visitor' | 'assistant' | 'agent'; text: string }[];
  categories: readonly string[];
  topics: readonly string[];
  signal: AbortSignal;
}

export interface LlmTriage {
  humanRequest: boolean;
  /** One of the request's topics, or null. */
  topic: string | null;
  signals: string[];
  category: string;
  sentiment: 'negative' | 'neutral' | 'positive';
  urgency: 'normal' | 'high';
  summary: string;
}

/**
 * One structured triage call per message (a JSON schema response).
 *
 * @example
 * const judged = await judge.triage({ message, history, categories, topics, signal });
 */
export interface TriageJudge {
  triage(request: LlmTriageRequest): Promise<LlmTriage>;
}

export type ConversationStatus = 'ai' | 'escalated' | 'human' | 'resolved';

export interface StoredMessage extends TranscriptMessage {
  /** Retrieval evidence kept with an assistant answer, for handoff and review. */
  sources?: Source[];
  confidence?: Confidence;
  /** Reason codes when the policy escalated on this turn. */
  escalation?: string[];
  /** On an answer: the id of the visitor message it answers (concurrent turns interleave in the store). */
  replyTo?: string;
}

export interface Conversation {
  id: string;
  /** SHA-256 of the visitor's conversation token, base64url; the token itself is never stored. */
  tokenHash: string;
  createdAt: number;
  updatedAt: number;
  status: ConversationStatus;
  product?: string;
  pageUrl?: string;
  lang?: string;
  /** Verified customer id from the identity token, if any. */
  customerId?: string;
  /** Measurement (services/outcomes.ts): who got the AI, how the conversation ended, and when. */
  cohort?: Cohort;
  outcome?: StoredOutcome;
  outcomeAt?: number;
  firstResponseAt?: number;
  lastAnswerAt?: number;
  /** The last AI answer was "not sure", out of scope or rated 👎: silence after it is abandonment, not resolution. */
  lastAnswerUnhelpful?: boolean;
  escalatedAt?: number;
  /** When the visitor last rated an answer (👍 or 👎): a replayed turn update older than it keeps their verdict. */
  ratedAt?: number;
  /** When an agent last handed the conversation back to the AI: a replayed status older than it does not undo it. */
  handedBackAt?: number;
  /** Why this conversation belongs in the review queue: down, not-sure, escalated, loop. */
  review?: string[];
  /** The reviewer's verdict: missing-doc, wrong-doc, retrieval-miss, escalation-wrong. */
  reviewCause?: string;
  csat?: number;
  csatComment?: string;
  csatAt?: number;
  /** The latest visitor message's triage (category, sentiment, urgency, one-line summary): the inbox, packet and dashboard read it. */
  triage?: TriageSummary;
}

/** An outcome as stored; time-based ones (resolved-assumed, abandoned) are derived when read. */
export type StoredOutcome = Exclude<Outcome, 'resolved-assumed' | 'abandoned'>;

/** A customer whose identity the site owner's backend signed. Nothing unverified goes here. */
export interface VerifiedCustomer {
  id: string;
  name?: string;
  email?: string;
  plan?: string;
  valueTier?: string;
  product?: string;
  internal?: boolean;
}

export type HandoffDelivery = 'pending' | 'delivered' | 'failed' | 'disabled' | 'none';

export interface HandoffRecord {
  reference: string;
  /** The same on every delivery attempt, so receivers can dedupe. */
  idempotencyId: string;
  conversationId?: string;
  createdAt: number;
  delivery: HandoffDelivery;
  attempts: number;
  lastError?: string;
  /** The versioned packet exactly as delivered. */
  packet: unknown;
  /** Outcome per destination (sink name), so a retry skips the ones already reached. */
  destinations?: Record<string, HandoffDelivery>;
}

/** The fields of a conversation an update may change: never its id or its owner. */
export type ConversationPatch = Partial<Omit<Conversation, 'id' | 'tokenHash'>>;

/**
 * Conversation state. In-memory by default, Upstash Redis in production.
 *
 * @example
 * const conversation = await store.createConversation({ id, tokenHash, createdAt: now, updatedAt: now, status: 'ai' });
 * await store.appendMessage(conversation.id, { id: 'm1', role: 'visitor', text: 'Hi', at: now });
 */
export interface ConversationStore {
  getConversation(id: string): Promise<Conversation | undefined>;
  /** Creates it unless a conversation with this id exists: a replayed create never overwrites. */
  createConversation(conversation: Conversation): Promise<void>;
  /** Patches an existing conversation (an unknown id is left alone); firstResponseAt only ever moves earlier. */
  updateConversation(id: string, patch: ConversationPatch): Promise<void>;
  /** Idempotent by message id: a message already stored is not stored again. */
  appendMessage(conversationId: string, message: StoredMessage): Promise<void>;
  /** The transcript in `at` order, also when a replayed message was appended after later ones. */
  getMessages(conversationId: string): Promise<StoredMessage[]>;
  saveHandoff(handoff: HandoffRecord): Promise<void>;
  getHandoff(reference: string): Promise<HandoffRecord | undefined>;
  updateHandoff(reference: string, patch: Partial<Omit<HandoffRecord, 'reference'>>): Promise<void>;
  /** Increment a named counter (metrics); fire-and-forget safe. */
  increment(counter: string, by?: number): Promise<void>;
}

export interface DeliveryResult {
  ok: boolean;
  /** A permanent failure (410 Gone, redirect, 4xx): do not retry. */
  permanent?: boolean;
  status?: number;
  error?: string;
}

/** Sends a handoff packet somewhere a human will see it (webhook, Slack). */
export interface HandoffSink {
  readonly name: string;
  deliver(packet: unknown, idempotencyId: string, signal?: AbortSignal): Promise<DeliveryResult>;
}

/** A conversation write the store refused during a request, kept to replay later (services/store-replay.ts). */
export type StoreWrite =
  | { type: 'create-conversation'; conversation: Conversation }
  /** `ownerTokenHash`: the store was down when the request began, so ownership is checked when the write lands. */
  | { type: 'append-message'; conversationId: string; message: StoredMessage; ownerTokenHash?: string }
  /** Applied once the conversation is stored (its create may be queued too), and only where it moves a field forward. */
  /** `at`: when the state the patch was worked out from was read (a turn's start); a stored outcome newer than that wins. */
  | { type: 'patch-conversation'; conversationId: string; patch: ConversationPatch; ownerTokenHash?: string; at?: number };

/**
 * What the queue carries: a handoff to deliver (by reference; messages without
 * a `kind` are handoffs, as before) or a store write to replay.
 */
export type QueueTask = { kind?: 'handoff'; reference: string } | { kind: 'store-write'; write: StoreWrite };

/**
 * The background queue: schedules another delivery attempt of a stored handoff,
 * or another try at a store write that failed. Cloudflare Queues in the worker
 * (the HANDOFF_QUEUE binding); an in-process double in tests.
 *
 * @example
 * await queue.send({ reference: 'HO-7KQ2-M9XD' }, { delaySeconds: 30 });
 * await queue.send({ kind: 'store-write', write: { type: 'append-message', conversationId, message } }, { delaySeconds: 30 });
 */
export interface HandoffQueue {
  send(message: QueueTask, options?: { delaySeconds?: number }): Promise<void>;
}

/** A resolved case, question and resolution with personal data redacted, that later answers can cite. */
export interface ResolvedTicket {
  id: string;
  question: string;
  resolution: string;
  product?: string;
  resolvedAt: number;
}

/**
 * Writes resolved cases into the `tickets` collection the Retriever searches.
 *
 * @example
 * await tickets.upsert({ id: 'case-HO-7KQ2-M9XD', question, resolution, resolvedAt: Date.now() });
 */
export interface TicketIndex {
  upsert(ticket: ResolvedTicket): Promise<void>;
}

/** Expected outcomes are results, not exceptions. */
export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix ms when the window resets. */
  reset: number;
  reason?: string;
}

export interface RateLimiter {
  limit(key: string): Promise<RateLimitResult>;
}
