/**
 * ConversationStore on Upstash Redis (REST). Build the client in the
 * composition root with the Workers entry point, no retries of its own (they
 * are this store's, below) and each request aborted at UPSTASH_TIMEOUT_MS:
 *
 *   new Redis({ url, token, retry: false, signal: () => AbortSignal.timeout(2000) })
 *
 * Keys: redis-keys.ts. Lua scripts: redis-scripts.ts. Timeout, retry and breaker: resilience.ts.
 *
 * Each operation decides its retries here, and every attempt is cut off after
 * `timeoutMs`; their worst case is storeCallWorstMs (ports/support-store.ts).
 *
 * | operation                  | attempts (backoff)   | when still failing                                          |
 * |----------------------------|----------------------|-------------------------------------------------------------|
 * | getMessages                | 1                    | warn, return [] — keep answering without history            |
 * | getConversation            | 2 (50 ms)            | throw StoreError — route answers upstream_unavailable       |
 * | createConversation         | 2 (50 ms)            | throw StoreError — never overwrites an existing conversation |
 * | updateConversation         | 2 (50 ms)            | throw StoreError                                            |
 * | appendMessage              | 2 (50 ms)            | throw StoreError — the caller replays it; an id already stored is skipped |
 * | saveHandoff                | 3 (100, 300 ms)      | throw StoreError — caller delivers directly / shows SUPPORT_EMAIL |
 * | getHandoff, updateHandoff  | 2 (50 ms)            | throw StoreError                                            |
 * | saveFeedback               | 2 (50 ms)            | throw StoreError                                            |
 * | listFeedback, listPendingHandoffs, getCounter, listConversations | 1 | throw StoreError                         |
 * | saveCase, saveTicket, setDestinationDisabled | 2 (50 ms) | throw StoreError                                          |
 * | getCase, listCases, listTickets, disabledDestinations | 1 | throw StoreError                                        |
 * | increment                  | 1                    | warn, resolve — metrics never break a request               |
 */
import type { Redis } from '@upstash/redis/cloudflare';
import type { Conversation, HandoffRecord, ResolvedTicket, StoredMessage } from '../ports';
import { decodeFields, decodeObject, encodeFields } from './redis-record-codec';
import { CircuitBreaker, ONCE, resilient, type RetryPolicy } from './resilience';
import { RedisKeys } from './redis-keys';
import { APPEND_SCRIPT, CREATE_SCRIPT, PATCH_SCRIPT } from './redis-scripts';
import { toStoreError } from './store-error';
import { CIRCUIT_OPEN_MS, DEFAULT_STORE_TIMEOUT_MS, latestById, STORE_RETRY_BACKOFF_MS, transcriptOrder, ttlMs, type ConversationRange, type FeedbackRecord, type InboxCase, type SupportStore } from '../ports/support-store';

export interface UpstashRedisStoreOptions {
  /** CONVERSATION_TTL_DAYS. */
  ttlDays: number;
  /** Give up on one attempt after this long (ms): UPSTASH_TIMEOUT_MS. Default 2000. */
  timeoutMs?: number;
  /** Default `sb:`. */
  prefix?: string;
}

const RETRY_ONCE: RetryPolicy = { backoffMs: STORE_RETRY_BACKOFF_MS };
const HANDOFF: RetryPolicy = { backoffMs: [100, 300] };

export class UpstashRedisStore implements SupportStore {
  readonly #redis: Redis;
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  /** After three operations in a row fail, skip Redis for CIRCUIT_OPEN_MS (then try again). */
  readonly #breaker = new CircuitBreaker({ failures: 3, openMs: CIRCUIT_OPEN_MS });
  readonly #keys: RedisKeys;

  constructor(redis: Redis, options: UpstashRedisStoreOptions) {
    this.#redis = redis;
    this.#ttlMs = ttlMs(options.ttlDays);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
    this.#keys = new RedisKeys(options.prefix);
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const raw = await this.#run('getConversation', RETRY_ONCE, () => this.#redis.hgetall(this.#keys.conversation(id)));
    const record = decodeFields(raw);
    return record && typeof record.tokenHash === 'string' ? (record as unknown as Conversation) : undefined;
  }

  async createConversation(conversation: Conversation): Promise<void> {
    const keys = [this.#keys.conversation(conversation.id), this.#keys.conversationsByCreated()];
    const args = [String(this.#ttlMs), String(conversation.createdAt), conversation.id, ...encodeFields(conversation)];
    await this.#run('createConversation', RETRY_ONCE, () => this.#redis.eval(CREATE_SCRIPT, keys, args));
  }

  async listConversations({ from, to, limit }: ConversationRange): Promise<Conversation[]> {
    if (limit <= 0 || to <= from) return [];
    const index = this.#keys.conversationsByCreated();
    return this.#run('listConversations', ONCE, async () => {
      const ids = (await this.#redis.zrange<string[]>(index, from, `(${to}`, { byScore: true, offset: 0, count: limit })).map(String);
      if (ids.length === 0) return [];
      const pipeline = this.#redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.#keys.conversation(id));
      const rows = await pipeline.exec();
      const conversations = rows.map((row) => decodeFields(row) as Conversation | undefined);
      const expired = ids.filter((_, position) => typeof conversations[position]?.tokenHash !== 'string');
      if (expired.length > 0) await this.#redis.zrem(index, ...expired);
      return conversations.filter((conversation): conversation is Conversation => typeof conversation?.tokenHash === 'string');
    });
  }

  async updateConversation(id: string, patch: Partial<Omit<Conversation, 'id' | 'tokenHash'>>): Promise<void> {
    await this.#run('updateConversation', RETRY_ONCE, () => this.#patch(this.#keys.conversation(id), patch));
  }

  async appendMessage(conversationId: string, message: StoredMessage): Promise<void> {
    const keys = [this.#keys.messages(conversationId), this.#keys.messageIds(conversationId), this.#keys.conversation(conversationId)];
    const args = [String(this.#ttlMs), message.id, JSON.stringify(message), String(message.at), JSON.stringify([message.at])];
    await this.#run('appendMessage', RETRY_ONCE, () => this.#redis.eval(APPEND_SCRIPT, keys, args));
  }

  async getMessages(conversationId: string): Promise<StoredMessage[]> {
    try {
      const raw = await this.#run('getMessages', ONCE, () => this.#redis.lrange(this.#keys.messages(conversationId), 0, -1));
      return transcriptOrder(decodeList<StoredMessage>(raw));
    } catch (error) {
      console.warn(`[switchboard] ${(error as Error).message}; answering without history`);
      return [];
    }
  }

  async saveHandoff(handoff: HandoffRecord): Promise<void> {
    const key = this.#keys.handoff(handoff.reference);
    const pending = this.#keys.pendingHandoffs();
    await this.#run('saveHandoff', HANDOFF, () => {
      const transaction = this.#redis.multi().del(key).hset(key, fieldsObject(handoff)).pexpire(key, this.#ttlMs);
      if (handoff.delivery === 'pending') transaction.zadd(pending, { score: handoff.createdAt, member: handoff.reference });
      else transaction.zrem(pending, handoff.reference);
      return transaction.exec();
    });
  }

  async getHandoff(reference: string): Promise<HandoffRecord | undefined> {
    const raw = await this.#run('getHandoff', RETRY_ONCE, () => this.#redis.hgetall(this.#keys.handoff(reference)));
    const record = decodeFields(raw);
    return record && typeof record.reference === 'string' ? (record as unknown as HandoffRecord) : undefined;
  }

  async updateHandoff(reference: string, patch: Partial<Omit<HandoffRecord, 'reference'>>): Promise<void> {
    const index = patch.delivery === undefined ? '' : patch.delivery === 'pending' ? 'add' : 'remove';
    await this.#run('updateHandoff', RETRY_ONCE, () => this.#patch(this.#keys.handoff(reference), patch, index, reference));
  }

  async listPendingHandoffs(limit: number): Promise<HandoffRecord[]> {
    if (limit <= 0) return [];
    const pending = this.#keys.pendingHandoffs();
    return this.#run('listPendingHandoffs', ONCE, async () => {
      const references = await this.#redis.zrange<string[]>(pending, 0, limit - 1);
      if (references.length === 0) return [];
      const pipeline = this.#redis.pipeline();
      for (const reference of references) pipeline.hgetall(this.#keys.handoff(String(reference)));
      const rows = await pipeline.exec();
      const records = rows.map((row) => decodeFields(row) as HandoffRecord | undefined);
      const expired = references.filter((_, index) => !records[index]).map(String);
      if (expired.length > 0) await this.#redis.zrem(pending, ...expired);
      return records.filter((record): record is HandoffRecord => record?.delivery === 'pending');
    });
  }

  async saveCase(record: InboxCase): Promise<void> {
    const key = this.#keys.case(record.id);
    await this.#run('saveCase', RETRY_ONCE, () =>
      {
        const write = this.#redis.multi().set(key, JSON.stringify(record), { px: this.#ttlMs }).zadd(this.#keys.allCases(), { score: record.updatedAt, member: record.id });
        if (record.customerId) write.zadd(this.#keys.customerCases(record.customerId), { score: record.updatedAt, member: record.id });
        return write.exec();
      },
    );
  }

  async getCase(id: string): Promise<InboxCase | undefined> {
    const raw = await this.#run('getCase', ONCE, () => this.#redis.get(this.#keys.case(id)));
    return decodeObject<InboxCase>(raw);
  }

  async listCases(limit: number): Promise<InboxCase[]> {
    return this.#casesIn(this.#keys.allCases(), limit, 'listCases');
  }

  async listCustomerCases(customerId: string, limit: number): Promise<InboxCase[]> {
    const cases = await this.#casesIn(this.#keys.customerCases(customerId), limit, 'listCustomerCases');
    return cases.filter((record) => record.customerId === customerId);
  }

  async #casesIn(index: string, limit: number, operation: string): Promise<InboxCase[]> {
    if (limit <= 0) return [];
    return this.#run(operation, ONCE, async () => {
      const ids = (await this.#redis.zrange<string[]>(index, 0, limit - 1, { rev: true })).map(String);
      if (ids.length === 0) return [];
      const rows = await this.#redis.mget<unknown[]>(...ids.map((id) => this.#keys.case(id)));
      const records = rows.map((row) => decodeObject<InboxCase>(row));
      const expired = ids.filter((_, position) => !records[position]);
      if (expired.length > 0) await this.#redis.zrem(index, ...expired);
      return records.filter((record): record is InboxCase => record !== undefined);
    });
  }

  async saveTicket(ticket: ResolvedTicket): Promise<void> {
    await this.#run('saveTicket', RETRY_ONCE, () => this.#redis.hset(this.#keys.resolvedTickets(), { [ticket.id]: JSON.stringify(ticket) }));
  }

  async listTickets(limit: number): Promise<ResolvedTicket[]> {
    if (limit <= 0) return [];
    const raw = await this.#run('listTickets', ONCE, () => this.#redis.hvals(this.#keys.resolvedTickets()));
    return decodeList<ResolvedTicket>(raw)
      .sort((a, b) => a.resolvedAt - b.resolvedAt)
      .slice(0, limit);
  }

  async setDestinationDisabled(name: string, reason: string | undefined): Promise<void> {
    const key = this.#keys.disabledDestinations();
    await this.#run('setDestinationDisabled', RETRY_ONCE, () => (reason === undefined ? this.#redis.hdel(key, name) : this.#redis.hset(key, { [name]: JSON.stringify([reason]) })));
  }

  async disabledDestinations(): Promise<Record<string, string>> {
    const raw = await this.#run('disabledDestinations', ONCE, () => this.#redis.hgetall(this.#keys.disabledDestinations()));
    return Object.fromEntries(Object.entries(decodeFields(raw) ?? {}).map(([name, reason]) => [name, String(reason)]));
  }

  async increment(counter: string, by = 1): Promise<void> {
    try {
      await this.#run('increment', ONCE, () => this.#redis.incrby(this.#keys.counter(counter), by));
    } catch (error) {
      console.warn(`[switchboard] ${(error as Error).message}; counter not incremented`);
    }
  }

  async getCounter(counter: string): Promise<number> {
    const value = await this.#run('getCounter', ONCE, () => this.#redis.get<number | string>(this.#keys.counter(counter)));
    return Number(value ?? 0);
  }

  async saveFeedback(feedback: FeedbackRecord): Promise<void> {
    const key = this.#keys.feedback(feedback.conversationId);
    await this.#run('saveFeedback', RETRY_ONCE, () => this.#redis.multi().rpush(key, JSON.stringify(feedback)).pexpire(key, this.#ttlMs).exec());
  }

  async listFeedback(conversationId: string): Promise<FeedbackRecord[]> {
    const raw = await this.#run('listFeedback', ONCE, () => this.#redis.lrange(this.#keys.feedback(conversationId), 0, -1));
    return latestById(decodeList<FeedbackRecord>(raw), (item) => item.messageId);
  }

  #patch(key: string, patch: object, index: '' | 'add' | 'remove' = '', member = ''): Promise<unknown> {
    const args = [String(this.#ttlMs), index, String(Date.now()), member, ...encodeFields(patch)];
    return this.#redis.eval(PATCH_SCRIPT, [key, this.#keys.pendingHandoffs()], args);
  }

  /** One operation under its retry policy (resilience.ts); errors sanitised. A handoff is tried even while the circuit is open: it is worth the wait. */
  async #run<T>(operation: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
    try {
      return await resilient(attempt, { timeoutMs: this.#timeoutMs, policy, breaker: this.#breaker, throughOpenCircuit: policy === HANDOFF });
    } catch (error) {
      throw toStoreError(operation, error);
    }
  }
}

function fieldsObject(record: object): Record<string, string> {
  const flat = encodeFields(record);
  const fields: Record<string, string> = {};
  for (let index = 0; index < flat.length; index += 2) fields[flat[index] as string] = flat[index + 1] as string;
  return fields;
}

function decodeList<T>(raw: unknown): T[] {
  return (Array.isArray(raw) ? raw : []).map((item) => decodeObject<T>(item)).filter((item): item is T => item !== undefined);
}

export { StoreError } from './store-error';
