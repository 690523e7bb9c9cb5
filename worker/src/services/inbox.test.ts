import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../adapters/memory-store';
import { StoreError } from '../adapters/store-error';
import type { InboxCase } from '../ports/support-store';
import type { ConversationPatch, HandoffSink, StoredMessage } from '../ports';
import { handBack, replyToCase, resolveCase } from './inbox';
import { TestQueue } from '../../../test/test-queue';

/** A store whose conversation read fails, as Redis does when a read times out after a write went through. */
class ReadFailsStore extends MemoryStore {
  override async getConversation(): Promise<never> {
    throw new StoreError('getConversation', 'no answer within 2000 ms');
  }
}

describe('replyToCase', () => {
  it('keeps the reply (stored once, emailed once) when the first-response read fails after it was saved', async () => {
    const store = new ReadFailsStore();
    await store.createConversation({ id: 'c1', tokenHash: 'h', createdAt: 1_000, updatedAt: 1_000, status: 'escalated' });
    await store.saveCase({ id: 'c1', conversationId: 'c1', reference: 'HO-AAAA-BBBB', status: 'new', reasons: [], customer: 'Ada', customerVerified: false, email: 'ada@example.com', lastQuestion: 'Help', createdAt: 1_000, updatedAt: 1_000 });
    const emails: unknown[] = [];
    const email: HandoffSink = { name: 'email', deliver: async (packet) => (emails.push(packet), { ok: true }) };
    const result = await replyToCase('c1', 'We refunded you.', { store, tickets: { upsert: async () => undefined }, email, now: () => 2_000, replay: { store, retryBaseSeconds: 5, maxAttempts: 4 } });
    expect(result).toMatchObject({ ok: true, emailed: true });
    expect(emails).toHaveLength(1);
    expect((await store.getMessages('c1')).map((message) => message.role)).toEqual(['agent']);
    expect(await store.getCase('c1')).toMatchObject({ status: 'waiting' });
  });

  it('reports a stored reply as sent (stored once, emailed once) when the store breaker opens right after it', async () => {
    const store = new BreakerOpensStore();
    await store.createConversation({ id: 'c1', tokenHash: 'h', createdAt: 1_000, updatedAt: 1_000, status: 'escalated' });
    await store.saveCase({ id: 'c1', conversationId: 'c1', reference: 'HO-AAAA-BBBB', status: 'new', reasons: [], customer: 'Ada', customerVerified: false, email: 'ada@example.com', lastQuestion: 'Help', createdAt: 1_000, updatedAt: 1_000 });
    const emails: unknown[] = [];
    const lines: string[] = [];
    const email: HandoffSink = { name: 'email', deliver: async (packet) => (emails.push(packet), { ok: true }) };
    const queue = new TestQueue();
    const replay = { store, sinks: [], queue, retryBaseSeconds: 5, maxAttempts: 4, log: (line: string) => lines.push(line) };
    const result = await replyToCase('c1', 'We refunded you.', { store, tickets: { upsert: async () => undefined }, email, now: () => 2_000, log: (line) => lines.push(line), replay });
    expect(result).toMatchObject({ ok: true, emailed: true });
    expect(emails).toHaveLength(1);
    expect((await store.getMessages('c1')).map((message) => message.role)).toEqual(['agent']);
    // Ids only in the logs; the status is replayed once the store is back.
    expect(lines.join('\n')).not.toContain('refunded');
    store.open = false;
    await queue.drain(replay);
    expect(await store.getConversation('c1')).toMatchObject({ status: 'human' });
  });

  it('tells the visitor in their language that the assistant is back', async () => {
    const store = new MemoryStore();
    await store.createConversation({ id: 'c1', tokenHash: 'h', createdAt: 1_000, updatedAt: 1_000, status: 'human', lang: 'de-CH' });
    await store.saveCase({ id: 'c1', conversationId: 'c1', reference: 'HO-AAAA-BBBB', status: 'open', reasons: [], customer: 'Ada', customerVerified: false, lastQuestion: 'Hilfe', createdAt: 1_000, updatedAt: 1_000 });
    await handBack('c1', { store, tickets: { upsert: async () => undefined }, now: () => 2_000, replay: { store, retryBaseSeconds: 5, maxAttempts: 4 } });
    expect((await store.getMessages('c1')).at(-1)).toMatchObject({ role: 'system', text: 'Der Assistent ist wieder in diesem Gespräch; ein Mensch ist weiterhin jederzeit erreichbar.' });
  });

  it('leaves the AI in charge when the reply\'s status is replayed after the agent handed the conversation back', async () => {
    const store = new BreakerOpensStore();
    await store.createConversation({ id: 'c1', tokenHash: 'h', createdAt: 1_000, updatedAt: 1_000, status: 'escalated' });
    await store.saveCase({ id: 'c1', conversationId: 'c1', reference: 'HO-AAAA-BBBB', status: 'new', reasons: [], customer: 'Ada', customerVerified: false, lastQuestion: 'Help', createdAt: 1_000, updatedAt: 1_000 });
    const queue = new TestQueue();
    const replay = { store, sinks: [], queue, retryBaseSeconds: 5, maxAttempts: 4 };
    await replyToCase('c1', 'Fixed on our side.', { store, tickets: { upsert: async () => undefined }, now: () => 2_000, log: () => undefined, replay });
    // The store is back before the replay runs, and the agent hands the conversation back to the AI.
    store.open = store.armed = false;
    await handBack('c1', { store, tickets: { upsert: async () => undefined }, now: () => 3_000, replay });
    await queue.drain(replay);
    expect(await store.getConversation('c1')).toMatchObject({ status: 'ai', handedBackAt: 3_000, updatedAt: 3_000 });
    // A later escalation still takes it to a person.
    await queue.send({ kind: 'store-write', write: { type: 'patch-conversation', conversationId: 'c1', patch: { status: 'escalated', updatedAt: 4_000 }, at: 4_000 } });
    await queue.drain(replay);
    expect(await store.getConversation('c1')).toMatchObject({ status: 'escalated' });
  });
});

/** Redis after the read that timed out was the breaker's third failure: every call after the reply fails fast. */
class BreakerOpensStore extends MemoryStore {
  open = false;
  /** Whether a stored message opens the breaker. */
  armed = true;
  override async appendMessage(conversationId: string, message: StoredMessage): Promise<void> {
    await super.appendMessage(conversationId, message);
    this.open = this.armed;
  }
  override async getConversation(id: string) {
    if (this.open) throw new StoreError('getConversation', 'no answer within 2000 ms');
    return super.getConversation(id);
  }
  override async updateConversation(id: string, patch: ConversationPatch): Promise<void> {
    if (this.open) throw new StoreError('updateConversation', 'circuit open after repeated Redis failures');
    return super.updateConversation(id, patch);
  }
  override async saveCase(item: InboxCase): Promise<void> {
    if (this.open) throw new StoreError('saveCase', 'circuit open after repeated Redis failures');
    return super.saveCase(item);
  }
}

describe('refusals are results, not HTTP errors', () => {
  const dependencies = (store: MemoryStore) => ({ store, tickets: { upsert: async () => undefined }, now: () => 2_000, replay: { store, retryBaseSeconds: 5, maxAttempts: 4 } });

  it('a case that is not in the inbox: every action says no-case and changes nothing', async () => {
    const store = new MemoryStore();
    expect(await replyToCase('missing', 'Hello', dependencies(store))).toEqual({ ok: false, reason: 'no-case' });
    expect(await handBack('missing', dependencies(store))).toEqual({ ok: false, reason: 'no-case' });
    expect(await resolveCase('missing', 'Refunded the duplicate charge.', dependencies(store))).toEqual({ ok: false, reason: 'no-case' });
    expect(await store.listTickets(10)).toEqual([]);
  });

  it('a resolution note too short to learn from is refused before the case is read', async () => {
    const store = new MemoryStore();
    await store.saveCase({ id: 'c1', reference: 'HO-AAAA-BBBB', status: 'open', reasons: [], customer: 'Ada', customerVerified: false, lastQuestion: 'Help', createdAt: 1_000, updatedAt: 1_000 });
    expect(await resolveCase('c1', '  short  ', dependencies(store))).toEqual({ ok: false, reason: 'note-too-short' });
    expect(await store.getCase('c1')).toMatchObject({ status: 'open' });
    expect(await resolveCase('c1', 'Refunded the duplicate charge.', dependencies(store))).toMatchObject({ ok: true, ticket: { resolution: 'Refunded the duplicate charge.' } });
  });
});
