/**
 * ConversationStore on Upstash Redis (REST). Build the client in the
 * composition root with the Workers entry point and bounded retries/timeouts:
 *
 *   new Redis({ url, token, retry: { retries: 1, backoff: () => 50 }, signal: () => AbortSignal.timeout(2000) })
 *
 * Keys (prefix `sb:`, every conversation key expires CONVERSATION_TTL_DAYS after its last write):
 *   sb:conv:{id}  hash   sb:msgs:{id}  list   sb:msgids:{id}  set (ids in sb:msgs, so a replayed append is stored once)   sb:feedback:{id}  list
 *   sb:handoff:{ref} hash   sb:handoffs:pending  zset(createdAt)   sb:counter:{name}  int (no TTL)
 *   sb:case:{id} JSON string   sb:cases:all zset(updatedAt)   sb:tickets:resolved hash(id → JSON, no TTL)
 *   sb:destinations:disabled hash(name → reason, no TTL)
 *   sb:conversations:by-created  zset(createdAt) of conversation ids, for the dashboard; members whose hash expired are pruned on read
 *
 * The client retries only network errors, never HTTP 429/5xx, so each operation
 * decides here. Every attempt is also cut off after `timeoutMs`.
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
import { CIRCUIT_OPEN_MS, StoreError, toStoreError } from './store-error';
import { latestById, transcriptOrder, ttlMs, type ConversationRange, type FeedbackRecord, type InboxCase, type SupportStore } from '../ports/support-store';

export interface UpstashRedisStoreOptions {
  /** CONVERSATION_TTL_DAYS. */
  ttlDays: number;
  /** Give up on one attempt after this long (ms). Default 2000. */
  timeoutMs?: number;
  /** Default `sb:`. */
  prefix?: string;
}

interface RetryPolicy {
  backoffMs: readonly number[];
}

const ONCE: RetryPolicy = { backoffMs: [] };
const RETRY_ONCE: RetryPolicy = { backoffMs: [50] };
const HANDOFF: RetryPolicy = { backoffMs: [100, 300] };
/** After this many operations in a row fail, skip Redis for `openMs` (then try again). */
const BREAKER = { failures: 3, openMs: CIRCUIT_OPEN_MS };

/**
 * Patch a hash only if it exists, refresh its TTL, and keep the pending-handoff index in step.
 * A firstResponseAt never moves later: a turn that began before an agent's reply would otherwise overwrite it.
 * KEYS: record, pending zset. ARGV: ttl ms, 'add' | 'remove' | '', zset score, member, field, value, ...
 */
const PATCH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local fields = {}
for index = 5, #ARGV, 2 do
  local keep = true
  if ARGV[index] == 'firstResponseAt' then
    local current = string.match(redis.call('HGET', KEYS[1], 'firstResponseAt') or '', '%d+')
    local patched = string.match(ARGV[index + 1], '%d+')
    if current and patched and tonumber(current) <= tonumber(patched) then keep = false end
  end
  if keep then
    table.insert(fields, ARGV[index])
    table.insert(fields, ARGV[index + 1])
  end
end
if #fields > 0 then redis.call('HSET', KEYS[1], unpack(fields)) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if ARGV[2] == 'add' then redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[4]) end
if ARGV[2] == 'remove' then redis.call('ZREM', KEYS[2], ARGV[4]) end
return 1`;

/**
 * Create a conversation unless it exists, and index it by creation time.
 * KEYS: record, by-created zset. ARGV: ttl ms, createdAt, id, field, value, ...
 */
const CREATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1`;

/**
 * Append a message unless its id is already stored; refresh the TTLs; move the
 * conversation's updatedAt forward (never back: a replayed message can be older).
 * KEYS: message list, message-id set, conversation hash. ARGV: ttl ms, id, message JSON, at, encoded at.
 */
const APPEND_SCRIPT = `
local added = redis.call('SADD', KEYS[2], ARGV[2])
if added == 1 then redis.call('RPUSH', KEYS[1], ARGV[3]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[3]) == 0 then return added end
redis.call('PEXPIRE', KEYS[3], ARGV[1])
local current = tonumber(string.match(redis.call('HGET', KEYS[3], 'updatedAt') or '', '%d+') or '0')
if added == 1 and tonumber(ARGV[4]) > current then redis.call('HSET', KEYS[3], 'updatedAt', ARGV[5]) end
return added`;

export class UpstashRedisStore implements SupportStore {
  readonly #redis: Redis;
  readonly #ttlMs: number;
  readonly #timeoutMs: number;
  #failures = 0;
  #openUntil = 0;
  readonly #prefix: string;

  constructor(redis: Redis, options: UpstashRedisStoreOptions) {
    this.#redis = redis;
    this.#ttlMs = ttlMs(options.ttlDays);
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#prefix = options.prefix ?? 'sb:';
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const raw = await this.#run('getConversation', RETRY_ONCE, () => this.#redis.hgetall(this.#key('conv', id)));
    const record = decodeFields(raw);
    return record && typeof record.tokenHash === 'string' ? (record as unknown as Conversation) : undefined;
  }

  async createConversation(conversation: Conversation): Promise<void> {
    const keys = [this.#key('conv', conversation.id), this.#key('conversations', 'by-created')];
    const args = [String(this.#ttlMs), String(conversation.createdAt), conversation.id, ...encodeFields(conversation)];
    await this.#run('createConversation', RETRY_ONCE, () => this.#redis.eval(CREATE_SCRIPT, keys, args));
  }

  async listConversations({ from, to, limit }: ConversationRange): Promise<Conversation[]> {
    if (limit <= 0 || to <= from) return [];
    const index = this.#key('conversations', 'by-created');
    return this.#run('listConversations', ONCE, async () => {
      const ids = (await this.#redis.zrange<string[]>(index, from, `(${to}`, { byScore: true, offset: 0, count: limit })).map(String);
      if (ids.length === 0) return [];
      const pipeline = this.#redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.#key('conv', id));
      const rows = await pipeline.exec();
      const conversations = rows.map((row) => decodeFields(row) as Conversation | undefined);
      const expired = ids.filter((_, position) => typeof conversations[position]?.tokenHash !== 'string');
      if (expired.length > 0) await this.#redis.zrem(index, ...expired);
      return conversations.filter((conversation): conversation is Conversation => typeof conversation?.tokenHash === 'string');
    });
  }

  async updateConversation(id: string, patch: Partial<Omit<Conversation, 'id' | 'tokenHash'>>): Promise<void> {
    await this.#run('updateConversation', RETRY_ONCE, () => this.#patch(this.#key('conv', id), patch));
  }

  async appendMessage(conversationId: string, message: StoredMessage): Promise<void> {
    const keys = [this.#key('msgs', conversationId), this.#key('msgids', conversationId), this.#key('conv', conversationId)];
    const args = [String(this.#ttlMs), message.id, JSON.stringify(message), String(message.at), JSON.stringify([message.at])];
    await this.#run('appendMessage', RETRY_ONCE, () => this.#redis.eval(APPEND_SCRIPT, keys, args));
  }

  async getMessages(conversationId: string): Promise<StoredMessage[]> {
    try {
      const raw = await this.#run('getMessages', ONCE, () => this.#redis.lrange(this.#key('msgs', conversationId), 0, -1));
      return transcriptOrder(decodeList<StoredMessage>(raw));
    } catch (error) {
      console.warn(`[switchboard] ${(error as Error).message}; answering without history`);
      return [];
    }
  }

  async saveHandoff(handoff: HandoffRecord): Promise<void> {
    const key = this.#key('handoff', handoff.reference);
    const pending = this.#key('handoffs', 'pending');
    await this.#run('saveHandoff', HANDOFF, () => {
      const transaction = this.#redis.multi().del(key).hset(key, fieldsObject(handoff)).pexpire(key, this.#ttlMs);
      if (handoff.delivery === 'pending') transaction.zadd(pending, { score: handoff.createdAt, member: handoff.reference });
      else transaction.zrem(pending, handoff.reference);
      return transaction.exec();
    });
  }

  async getHandoff(reference: string): Promise<HandoffRecord | undefined> {
    const raw = await this.#run('getHandoff', RETRY_ONCE, () => this.#redis.hgetall(this.#key('handoff', reference)));
    const record = decodeFields(raw);
    return record && typeof record.reference === 'string' ? (record as unknown as HandoffRecord) : undefined;
  }

  async updateHandoff(reference: string, patch: Partial<Omit<HandoffRecord, 'reference'>>): Promise<void> {
    const index = patch.delivery === undefined ? '' : patch.delivery === 'pending' ? 'add' : 'remove';
    await this.#run('updateHandoff', RETRY_ONCE, () => this.#patch(this.#key('handoff', reference), patch, index, reference));
  }

  async listPendingHandoffs(limit: number): Promise<HandoffRecord[]> {
    if (limit <= 0) return [];
    const pending = this.#key('handoffs', 'pending');
    return this.#run('listPendingHandoffs', ONCE, async () => {
      const references = await this.#redis.zrange<string[]>(pending, 0, limit - 1);
      if (references.length === 0) return [];
      const pipeline = this.#redis.pipeline();
      for (const reference of references) pipeline.hgetall(this.#key('handoff', String(reference)));
      const rows = await pipeline.exec();
      const records = rows.map((row) => decodeFields(row) as HandoffRecord | undefined);
      const expired = references.filter((_, index) => !records[index]).map(String);
      if (expired.length > 0) await this.#redis.zrem(pending, ...expired);
      return records.filter((record): record is HandoffRecord => record?.delivery === 'pending');
    });
  }

  async saveCase(record: InboxCase): Promise<void> {
    const key = this.#key('case', record.id);
    await this.#run('saveCase', RETRY_ONCE, () =>
      {
        const write = this.#redis.multi().set(key, JSON.stringify(record), { px: this.#ttlMs }).zadd(this.#key('cases', 'all'), { score: record.updatedAt, member: record.id });
        if (record.customerId) write.zadd(this.#key('cases:customer', record.customerId), { score: record.updatedAt, member: record.id });
        return write.exec();
      },
    );
  }

  async getCase(id: string): Promise<InboxCase | undefined> {
    const raw = await this.#run('getCase', ONCE, () => this.#redis.get(this.#key('case', id)));
    return decodeObject<InboxCase>(raw);
  }

  async listCases(limit: number): Promise<InboxCase[]> {
    return this.#casesIn(this.#key('cases', 'all'), limit, 'listCases');
  }

  async listCustomerCases(customerId: string, limit: number): Promise<InboxCase[]> {
    const cases = await this.#casesIn(this.#key('cases:customer', customerId), limit, 'listCustomerCases');
    return cases.filter((record) => record.customerId === customerId);
  }

  async #casesIn(index: string, limit: number, operation: string): Promise<InboxCase[]> {
    if (limit <= 0) return [];
    return this.#run(operation, ONCE, async () => {
      const ids = (await this.#redis.zrange<string[]>(index, 0, limit - 1, { rev: true })).map(String);
      if (ids.length === 0) return [];
      const rows = await this.#redis.mget<unknown[]>(...ids.map((id) => this.#key('case', id)));
      const records = rows.map((row) => decodeObject<InboxCase>(row));
      const expired = ids.filter((_, position) => !records[position]);
      if (expired.length > 0) await this.#redis.zrem(index, ...expired);
      return records.filter((record): record is InboxCase => record !== undefined);
    });
  }

  async saveTicket(ticket: ResolvedTicket): Promise<void> {
    await this.#run('saveTicket', RETRY_ONCE, () => this.#redis.hset(this.#key('tickets', 'resolved'), { [ticket.id]: JSON.stringify(ticket) }));
  }

  async listTickets(limit: number): Promise<ResolvedTicket[]> {
    if (limit <= 0) return [];
    const raw = await this.#run('listTickets', ONCE, () => this.#redis.hvals(this.#key('tickets', 'resolved')));
    return decodeList<ResolvedTicket>(raw)
      .sort((a, b) => a.resolvedAt - b.resolvedAt)
      .slice(0, limit);
  }

  async setDestinationDisabled(name: string, reason: string | undefined): Promise<void> {
    const key = this.#key('destinations', 'disabled');
    await this.#run('setDestinationDisabled', RETRY_ONCE, () => (reason === undefined ? this.#redis.hdel(key, name) : this.#redis.hset(key, { [name]: JSON.stringify([reason]) })));
  }

  async disabledDestinations(): Promise<Record<string, string>> {
    const raw = await this.#run('disabledDestinations', ONCE, () => this.#redis.hgetall(this.#key('destinations', 'disabled')));
    return Object.fromEntries(Object.entries(decodeFields(raw) ?? {}).map(([name, reason]) => [name, String(reason)]));
  }

  async increment(counter: string, by = 1): Promise<void> {
    try {
      await this.#run('increment', ONCE, () => this.#redis.incrby(this.#key('counter', counter), by));
    } catch (error) {
      console.warn(`[switchboard] ${(error as Error).message}; counter not incremented`);
    }
  }

  async getCounter(counter: string): Promise<number> {
    const value = await this.#run('getCounter', ONCE, () => this.#redis.get<number | string>(this.#key('counter', counter)));
    return Number(value ?? 0);
  }

  async saveFeedback(feedback: FeedbackRecord): Promise<void> {
    const key = this.#key('feedback', feedback.conversationId);
    await this.#run('saveFeedback', RETRY_ONCE, () => this.#redis.multi().rpush(key, JSON.stringify(feedback)).pexpire(key, this.#ttlMs).exec());
  }

  async listFeedback(conversationId: string): Promise<FeedbackRecord[]> {
    const raw = await this.#run('listFeedback', ONCE, () => this.#redis.lrange(this.#key('feedback', conversationId), 0, -1));
    return latestById(decodeList<FeedbackRecord>(raw), (item) => item.messageId);
  }

  #key(kind: string, id: string): string {
    return `${this.#prefix}${kind}:${id}`;
  }

  #patch(key: string, patch: object, index: '' | 'add' | 'remove' = '', member = ''): Promise<unknown> {
    const args = [String(this.#ttlMs), index, String(Date.now()), member, ...encodeFields(patch)];
    return this.#redis.eval(PATCH_SCRIPT, [key, this.#key('handoffs', 'pending')], args);
  }

  /** One operation under its retry policy; every attempt bounded by timeoutMs; errors sanitised. */
  async #run<T>(operation: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
    // While Redis keeps failing, fail fast instead of making every request wait out its timeouts.
    // A handoff is always tried: it is worth the wait.
    if (policy !== HANDOFF && Date.now() < this.#openUntil) {
      throw toStoreError(operation, Object.assign(new Error('circuit open after repeated Redis failures'), { name: 'CircuitOpenError' }));
    }
    for (let index = 0; ; index += 1) {
      try {
        const result = await withTimeout(attempt(), this.#timeoutMs);
        // Any success closes the circuit.
        this.#failures = 0;
        this.#openUntil = 0;
        return result;
      } catch (error) {
        const backoff = policy.backoffMs[index];
        if (backoff === undefined) {
          this.#failures += 1;
          if (this.#failures >= BREAKER.failures) this.#openUntil = Date.now() + BREAKER.openMs;
          throw toStoreError(operation, error);
        }
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
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

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export { StoreError };
