/**
 * The behaviour every conversation store must share, registered as vitest
 * tests against a factory, so the in-memory and Redis stores are held to the
 * same contract.
 */
import { describe, expect, it } from 'vitest';
import type { Conversation, HandoffRecord, StoredMessage } from '../ports';
import type { SupportStore } from './store-extensions';

export interface StoreFactoryOptions {
  ttlDays: number;
}

export type StoreFactory = (options: StoreFactoryOptions) => SupportStore | Promise<SupportStore>;

const DAY_MS = 24 * 60 * 60 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let sequence = 0;
const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(sequence += 1)}`;

function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return { id: uniqueId('c'), tokenHash: 'hash-abc', createdAt: 1_731_000_000_000, updatedAt: 1_731_000_000_000, status: 'ai', ...overrides };
}

function message(overrides: Partial<StoredMessage> = {}): StoredMessage {
  return { id: uniqueId('m'), role: 'visitor', text: 'How do I reset my password?', at: 1_731_000_000_500, ...overrides };
}

function handoff(overrides: Partial<HandoffRecord> = {}): HandoffRecord {
  return { reference: uniqueId('H'), idempotencyId: uniqueId('idem'), createdAt: 1_731_000_000_000, delivery: 'pending', attempts: 0, packet: { version: 1, transcript: [], tags: ['billing'] }, ...overrides };
}

export function describeStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} (ConversationStore contract)`, () => {
    const make = (ttlDays = 30) => factory({ ttlDays });

    it('returns a created conversation and undefined for an unknown id', async () => {
      const store = await make();
      const created = conversation({ product: 'billing', pageUrl: 'https://example.com/a', lang: 'en', customerId: 'cus_1' });
      await store.createConversation(created);
      expect(await store.getConversation(created.id)).toEqual(created);
      expect(await store.getConversation(uniqueId('missing'))).toBeUndefined();
    });

    it('keeps string fields that look like JSON scalars as strings', async () => {
      const store = await make();
      const created = conversation({ customerId: '1e3', product: '007', lang: 'true', pageUrl: 'null' });
      await store.createConversation(created);
      expect(await store.getConversation(created.id)).toEqual(created);
      const texts = ['42', 'null', 'true', '"quoted"', '{"a":1}', '[1]', 'OK', 'héllo ✓ 😀'];
      for (const text of texts) await store.appendMessage(created.id, message({ text }));
      expect((await store.getMessages(created.id)).map((item) => item.text)).toEqual(texts);
    });

    it('patches only the given conversation fields', async () => {
      const store = await make();
      const created = conversation({ product: 'billing' });
      await store.createConversation(created);
      await store.updateConversation(created.id, { status: 'escalated', updatedAt: created.updatedAt + 5, customerId: undefined });
      expect(await store.getConversation(created.id)).toEqual({ ...created, status: 'escalated', updatedAt: created.updatedAt + 5 });
    });

    it('does not create a conversation when updating an unknown id', async () => {
      const store = await make();
      const id = uniqueId('ghost');
      await store.updateConversation(id, { status: 'human' });
      expect(await store.getConversation(id)).toBeUndefined();
    });

    it('returns appended messages in order with their evidence, and bumps updatedAt', async () => {
      const store = await make();
      const created = conversation();
      await store.createConversation(created);
      const first = message();
      const second = message({
        role: 'assistant',
        text: 'Use Settings → Security [1].',
        at: created.updatedAt + 9_000,
        sources: [{ n: 1, title: 'Security', url: 'https://docs.example.com/security', section: 'Reset', kind: 'doc' }],
        confidence: 'high',
        escalation: ['none'],
      });
      await store.appendMessage(created.id, first);
      await store.appendMessage(created.id, second);
      expect(await store.getMessages(created.id)).toEqual([first, second]);
      expect((await store.getConversation(created.id))?.updatedAt).toBe(second.at);
    });

    it('stores a message appended twice (a retried write) once', async () => {
      const store = await make();
      const created = conversation();
      await store.createConversation(created);
      const once = message();
      await store.appendMessage(created.id, once);
      await store.appendMessage(created.id, once);
      expect(await store.getMessages(created.id)).toEqual([once]);
    });

    it('keeps each conversation’s messages apart and answers [] for an unknown one', async () => {
      const store = await make();
      const a = conversation();
      const b = conversation();
      await store.createConversation(a);
      await store.createConversation(b);
      await store.appendMessage(a.id, message({ text: 'for a' }));
      expect(await store.getMessages(b.id)).toEqual([]);
      expect(await store.getMessages(uniqueId('none'))).toEqual([]);
    });

    it('returns copies, so callers cannot change stored state by mutation', async () => {
      const store = await make();
      const created = conversation();
      await store.createConversation(created);
      created.status = 'resolved';
      const read = await store.getConversation(created.id);
      expect(read?.status).toBe('ai');
    });

    it('saves, reads and patches a handoff with its packet intact', async () => {
      const store = await make();
      const record = handoff({ conversationId: 'c-1', packet: { version: 1, transcript: [], nested: { list: [1, 'two', null] }, note: '12' } });
      await store.saveHandoff(record);
      expect(await store.getHandoff(record.reference)).toEqual(record);
      await store.updateHandoff(record.reference, { delivery: 'failed', attempts: 3, lastError: 'HTTP 503' });
      expect(await store.getHandoff(record.reference)).toEqual({ ...record, delivery: 'failed', attempts: 3, lastError: 'HTTP 503' });
      expect(await store.getHandoff(uniqueId('nope'))).toBeUndefined();
    });

    it('does not create a handoff when updating an unknown reference', async () => {
      const store = await make();
      const reference = uniqueId('ghost');
      await store.updateHandoff(reference, { delivery: 'delivered' });
      expect(await store.getHandoff(reference)).toBeUndefined();
    });

    it('lists pending handoffs oldest first and drops them once delivered', async () => {
      const store = await make();
      const newer = handoff({ createdAt: 2_000 });
      const older = handoff({ createdAt: 1_000 });
      const done = handoff({ createdAt: 500, delivery: 'delivered' });
      for (const record of [newer, older, done]) await store.saveHandoff(record);
      const pending = (await store.listPendingHandoffs(100)).map((record) => record.reference);
      expect(pending.indexOf(older.reference)).toBeLessThan(pending.indexOf(newer.reference));
      expect(pending).not.toContain(done.reference);
      await store.updateHandoff(older.reference, { delivery: 'delivered', attempts: 1 });
      expect((await store.listPendingHandoffs(100)).map((record) => record.reference)).not.toContain(older.reference);
    });

    it('counts by one or by n, starting from zero', async () => {
      const store = await make();
      const counter = uniqueId('answers');
      expect(await store.getCounter(counter)).toBe(0);
      await store.increment(counter);
      await store.increment(counter, 4);
      expect(await store.getCounter(counter)).toBe(5);
    });

    it('keeps the latest feedback per message', async () => {
      const store = await make();
      const created = conversation();
      await store.createConversation(created);
      await store.saveFeedback({ conversationId: created.id, messageId: 'm1', rating: 'up', at: 1 });
      await store.saveFeedback({ conversationId: created.id, messageId: 'm2', rating: 'down', comment: 'wrong page', at: 2 });
      await store.saveFeedback({ conversationId: created.id, messageId: 'm1', rating: 'down', at: 3 });
      expect(await store.listFeedback(created.id)).toEqual([
        { conversationId: created.id, messageId: 'm1', rating: 'down', at: 3 },
        { conversationId: created.id, messageId: 'm2', rating: 'down', comment: 'wrong page', at: 2 },
      ]);
    });

    it('forgets a conversation after its TTL and refreshes the TTL on every write', async () => {
      const store = await make(400 / DAY_MS);
      const kept = conversation();
      const dropped = conversation();
      await store.createConversation(kept);
      await store.createConversation(dropped);
      await sleep(250);
      await store.appendMessage(kept.id, message());
      await sleep(250);
      expect(await store.getConversation(dropped.id)).toBeUndefined();
      expect(await store.getConversation(kept.id)).toBeDefined();
      expect(await store.getMessages(kept.id)).toHaveLength(1);
      await sleep(300);
      expect(await store.getConversation(kept.id)).toBeUndefined();
      expect(await store.getMessages(kept.id)).toEqual([]);
    });
  });
}
