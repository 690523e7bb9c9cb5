/**
 * The embedded store for `npm start` and unit tests. Create one instance at
 * module scope so it lives as long as the isolate; nothing survives a restart.
 * Expiry is lazy: an expired conversation or handoff disappears when it is read,
 * and a periodic sweep on writes bounds memory.
 */
import type { Conversation, HandoffRecord, ResolvedTicket, StoredMessage } from '../ports';
import { latestById, transcriptOrder, ttlMs, type ConversationRange, type FeedbackRecord, type InboxCase, type SupportStore } from '../ports/support-store';

export interface MemoryStoreOptions {
  /** CONVERSATION_TTL_DAYS: kept this long after the last write. */
  ttlDays?: number;
  /**
   * At most this many conversations (and delivered handoffs) are kept; past it the
   * least recently written go first, so a long-running `npm start` keeps flat memory.
   * Pending handoffs are never evicted. Default 5000.
   */
  maxEntries?: number;
  now?: () => number;
}

interface ConversationEntry {
  conversation?: Conversation;
  messages: StoredMessage[];
  feedback: FeedbackRecord[];
  expiresAt: number;
}

interface HandoffEntry {
  record: HandoffRecord;
  expiresAt: number;
}

const SWEEP_EVERY_WRITES = 500;

export class MemoryStore implements SupportStore {
  readonly #conversations = new Map<string, ConversationEntry>();
  readonly #handoffs = new Map<string, HandoffEntry>();
  readonly #counters = new Map<string, number>();
  readonly #cases = new Map<string, { record: InboxCase; expiresAt: number }>();
  readonly #tickets = new Map<string, ResolvedTicket>();
  readonly #disabled = new Map<string, string>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #writes = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.#ttlMs = ttlMs(options.ttlDays ?? 30);
    this.#maxEntries = options.maxEntries ?? 5000;
    this.#now = options.now ?? Date.now;
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    const conversation = this.#liveConversation(id)?.conversation;
    return conversation && structuredClone(conversation);
  }

  async createConversation(conversation: Conversation): Promise<void> {
    const entry = this.#touchConversation(conversation.id);
    entry.conversation ??= structuredClone(conversation);
  }

  async updateConversation(id: string, patch: Partial<Omit<Conversation, 'id' | 'tokenHash'>>): Promise<void> {
    const entry = this.#liveConversation(id);
    if (!entry?.conversation) return;
    const current = entry.conversation.firstResponseAt;
    // The first response was earlier than a turn that began before it knew: keep it.
    const kept = current !== undefined && patch.firstResponseAt !== undefined && current <= patch.firstResponseAt ? { firstResponseAt: current } : {};
    entry.conversation = { ...entry.conversation, ...definedOnly(structuredClone(patch)), ...kept };
    this.#touchConversation(id);
  }

  async appendMessage(conversationId: string, message: StoredMessage): Promise<void> {
    const entry = this.#touchConversation(conversationId);
    if (entry.messages.some((stored) => stored.id === message.id)) return;
    entry.messages.push(structuredClone(message));
    if (entry.conversation) entry.conversation.updatedAt = Math.max(entry.conversation.updatedAt, message.at);
  }

  async getMessages(conversationId: string): Promise<StoredMessage[]> {
    const messages = this.#liveConversation(conversationId)?.messages ?? [];
    return structuredClone(transcriptOrder(messages));
  }

  async saveHandoff(handoff: HandoffRecord): Promise<void> {
    this.#countWrite();
    this.#handoffs.set(handoff.reference, { record: structuredClone(handoff), expiresAt: this.#now() + this.#ttlMs });
    for (const [reference, entry] of this.#handoffs) {
      if (this.#handoffs.size <= this.#maxEntries) break;
      if (entry.record.delivery !== 'pending') this.#handoffs.delete(reference);
    }
  }

  async getHandoff(reference: string): Promise<HandoffRecord | undefined> {
    const record = this.#liveHandoff(reference)?.record;
    return record && structuredClone(record);
  }

  async updateHandoff(reference: string, patch: Partial<Omit<HandoffRecord, 'reference'>>): Promise<void> {
    const entry = this.#liveHandoff(reference);
    if (!entry) return;
    this.#countWrite();
    entry.record = { ...entry.record, ...definedOnly(structuredClone(patch)) };
    entry.expiresAt = this.#now() + this.#ttlMs;
  }

  async listPendingHandoffs(limit: number): Promise<HandoffRecord[]> {
    const pending: HandoffRecord[] = [];
    for (const reference of [...this.#handoffs.keys()]) {
      const record = this.#liveHandoff(reference)?.record;
      if (record?.delivery === 'pending') pending.push(structuredClone(record));
    }
    return pending.sort((a, b) => a.createdAt - b.createdAt).slice(0, Math.max(0, limit));
  }

  async listConversations({ from, to, limit }: ConversationRange): Promise<Conversation[]> {
    const found: Conversation[] = [];
    for (const id of [...this.#conversations.keys()]) {
      const conversation = this.#liveConversation(id)?.conversation;
      if (conversation && conversation.createdAt >= from && conversation.createdAt < to) found.push(structuredClone(conversation));
    }
    return found.sort((a, b) => a.createdAt - b.createdAt).slice(0, Math.max(0, limit));
  }

  async saveCase(record: InboxCase): Promise<void> {
    this.#countWrite();
    this.#cases.set(record.id, { record: structuredClone(record), expiresAt: this.#now() + this.#ttlMs });
  }

  async getCase(id: string): Promise<InboxCase | undefined> {
    const entry = this.#cases.get(id);
    if (entry && entry.expiresAt <= this.#now()) this.#cases.delete(id);
    return this.#cases.has(id) ? structuredClone(entry!.record) : undefined;
  }

  async listCases(limit: number): Promise<InboxCase[]> {
    const live = [...this.#cases.keys()].map((id) => this.getCase(id));
    const cases = (await Promise.all(live)).filter((record): record is InboxCase => record !== undefined);
    return cases.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, Math.max(0, limit));
  }

  async listCustomerCases(customerId: string, limit: number): Promise<InboxCase[]> {
    const all = await this.listCases(Number.POSITIVE_INFINITY);
    return all.filter((record) => record.customerId === customerId).slice(0, Math.max(0, limit));
  }

  async saveTicket(ticket: ResolvedTicket): Promise<void> {
    this.#tickets.set(ticket.id, structuredClone(ticket));
  }

  async listTickets(limit: number): Promise<ResolvedTicket[]> {
    const oldestFirst = [...this.#tickets.values()].sort((a, b) => a.resolvedAt - b.resolvedAt);
    return structuredClone(oldestFirst.slice(0, Math.max(0, limit)));
  }

  async setDestinationDisabled(name: string, reason: string | undefined): Promise<void> {
    if (reason === undefined) this.#disabled.delete(name);
    else this.#disabled.set(name, reason);
  }

  async disabledDestinations(): Promise<Record<string, string>> {
    return Object.fromEntries(this.#disabled);
  }

  async increment(counter: string, by = 1): Promise<void> {
    this.#counters.set(counter, (this.#counters.get(counter) ?? 0) + by);
  }

  async getCounter(counter: string): Promise<number> {
    return this.#counters.get(counter) ?? 0;
  }

  async saveFeedback(feedback: FeedbackRecord): Promise<void> {
    const entry = this.#touchConversation(feedback.conversationId);
    entry.feedback.push(structuredClone(feedback));
  }

  async listFeedback(conversationId: string): Promise<FeedbackRecord[]> {
    const feedback = this.#liveConversation(conversationId)?.feedback ?? [];
    return structuredClone(latestById(feedback, (item) => item.messageId));
  }

  #liveConversation(id: string): ConversationEntry | undefined {
    const entry = this.#conversations.get(id);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#conversations.delete(id);
      return undefined;
    }
    return entry;
  }

  #liveHandoff(reference: string): HandoffEntry | undefined {
    const entry = this.#handoffs.get(reference);
    if (entry && entry.expiresAt <= this.#now()) {
      this.#handoffs.delete(reference);
      return undefined;
    }
    return entry;
  }

  /** Returns the live entry (creating it) with its expiry pushed out: every write refreshes the TTL. */
  #touchConversation(id: string): ConversationEntry {
    this.#countWrite();
    const entry = this.#liveConversation(id) ?? { messages: [], feedback: [], expiresAt: 0 };
    entry.expiresAt = this.#now() + this.#ttlMs;
    // Re-inserting keeps the Map in write order, so the first key is the least recently written.
    this.#conversations.delete(id);
    this.#conversations.set(id, entry);
    for (const oldest of this.#conversations.keys()) {
      if (this.#conversations.size <= this.#maxEntries) break;
      this.#conversations.delete(oldest);
    }
    return entry;
  }

  #countWrite(): void {
    this.#writes += 1;
    if (this.#writes % SWEEP_EVERY_WRITES !== 0) return;
    for (const id of [...this.#conversations.keys()]) this.#liveConversation(id);
    for (const reference of [...this.#handoffs.keys()]) this.#liveHandoff(reference);
  }
}

/** A patch with `undefined` values leaves those fields as they were, like JSON would. */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
