/**
 * The behaviour every conversation store must share, registered as vitest
 * tests against a factory, so the in-memory and Redis stores are held to the
 * same contract.
 */
import { describe, expect, it } from 'vitest';
import type { Conversation, HandoffRecord, StoredMessage } from '../worker/src/ports';
import type { SupportStore } from '../worker/src/ports/support-store';

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

    it('keeps the earlier firstResponseAt when a later one is patched in, and takes an earlier one', async () => {
      const store = await make();
      const created = conversation();
      await store.createConversation(created);
      await store.updateConversation(created.id, { firstResponseAt: created.createdAt + 2_000, status: 'human' });
      // A turn that began before the agent replied computed its own first response, later.
      await store.updateConversation(created.id, { firstResponseAt: created.createdAt + 9_000, lastAnswerAt: created.createdAt + 9_000 });
      expect(await store.getConversation(created.id)).toMatchObject({ firstResponseAt: created.createdAt + 2_000, lastAnswerAt: created.createdAt + 9_000, status: 'human' });
      await store.updateConversation(created.id, { firstResponseAt: created.createdAt + 1_000 });
      expect((await store.getConversation(created.id))?.firstResponseAt).toBe(created.createdAt + 1_000);
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

    it('stores a replayed message once, even when a later write came between', async () => {
      const store = await make();
      const created = conversation();
      await store.createConversation(created);
      const answer = message({ role: 'assistant', text: 'first version', at: created.updatedAt + 2_000 });
      await store.appendMessage(created.id, answer);
      await store.appendMessage(created.id, message({ at: created.updatedAt + 3_000 }));
      await store.appendMessage(created.id, { ...answer, text: 'replayed copy' });
      const texts = (await store.getMessages(created.id)).map((item) => item.text);
      expect(texts).toEqual(['first version', 'How do I reset my password?']);
    });

    it('reads the transcript in `at` order when a replayed message lands after later ones, and keeps updatedAt at the latest', async () => {
      const store = await make();
      const created = conversation();
      await store.createConversation(created);
      const visitor = message({ text: 'late replay', at: created.updatedAt + 1_000 });
      const answer = message({ role: 'assistant', text: 'answer', at: created.updatedAt + 2_000 });
      const next = message({ text: 'next question', at: created.updatedAt + 3_000 });
      await store.appendMessage(created.id, answer);
      await store.appendMessage(created.id, next);
      await store.appendMessage(created.id, visitor);
      expect(await store.getMessages(created.id)).toEqual([visitor, answer, next]);
      expect((await store.getConversation(created.id))?.updatedAt).toBe(next.at);
    });

    it('never overwrites an existing conversation with a replayed create', async () => {
      const store = await make();
      const created = conversation({ product: 'billing' });
      await store.createConversation(created);
      await store.updateConversation(created.id, { status: 'human' });
      await store.createConversation({ ...created, product: 'replayed', status: 'ai' });
      expect(await store.getConversation(created.id)).toEqual({ ...created, status: 'human' });
    });

    it('creates a conversation whose messages were stored before it (a replayed create)', async () => {
      const store = await make();
      const created = conversation();
      const first = message();
      await store.appendMessage(created.id, first);
      await store.createConversation(created);
      expect(await store.getConversation(created.id)).toEqual(created);
      expect(await store.getMessages(created.id)).toEqual([first]);
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

    it('lists conversations created in [from, to), oldest first, up to the limit', async () => {
      const store = await make();
      const base = 1_900_000_000_000 + (sequence += 1) * 10_000_000;
      const [early, middle, late, outside] = [base, base + 1000, base + 2000, base + 3000].map((createdAt) => conversation({ createdAt, updatedAt: createdAt, outcome: 'escalated', review: ['down'], csat: 2 }));
      for (const item of [late, outside, early, middle]) await store.createConversation(item!);
      expect(await store.listConversations({ from: base, to: base + 3000, limit: 10 })).toEqual([early, middle, late]);
      expect((await store.listConversations({ from: base, to: base + 3000, limit: 2 })).map((item) => item.id)).toEqual([early!.id, middle!.id]);
      expect(await store.listConversations({ from: base + 5000, to: base + 9000, limit: 10 })).toEqual([]);
    });

    it('saves inbox cases, replaces one by id, and lists them most recently updated first', async () => {
      const store = await make();
      const base = 2_100_000_000_000 + (sequence += 1) * 10_000_000;
      const inboxCase = (id: string, updatedAt: number) => ({
        id, conversationId: id, reference: `HO-${id}`, status: 'new' as const, reasons: ['visitor_request'], customer: 'Ada <ada@example.com>',
        customerVerified: false, email: 'ada@example.com', lastQuestion: 'Where is my invoice?', createdAt: base, updatedAt,
      });
      const older = inboxCase(uniqueId('case'), base + 1);
      const newer = inboxCase(uniqueId('case'), base + 2);
      await store.saveCase(newer);
      await store.saveCase(older);
      expect(await store.getCase(older.id)).toEqual(older);
      expect(await store.getCase(uniqueId('none'))).toBeUndefined();
      const ids = (await store.listCases(1000)).map((item) => item.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
      const touched = { ...older, status: 'waiting' as const, updatedAt: base + 3, resolution: undefined };
      await store.saveCase(touched);
      const listed = await store.listCases(1000);
      expect(listed.filter((item) => item.id === older.id)).toHaveLength(1);
      expect(listed.findIndex((item) => item.id === older.id)).toBeLessThan(listed.findIndex((item) => item.id === newer.id));
      expect((await store.getCase(older.id))?.status).toBe('waiting');
    });

    it('lists one customer\'s cases by the signed customer id, however many newer cases others have', async () => {
      const store = await make();
      const base = 2_200_000_000_000 + (sequence += 1) * 10_000_000;
      const customerId = uniqueId('user');
      const record = (id: string, updatedAt: number, owner?: string) => ({
        id, reference: `HO-${id}`, status: 'new' as const, reasons: ['visitor_request'], customer: 'Ada', customerVerified: owner !== undefined,
        ...(owner ? { customerId: owner } : {}), lastQuestion: `question ${id}`, createdAt: base, updatedAt,
      });
      const mine = record(uniqueId('case'), base + 1, customerId);
      const mineLater = record(uniqueId('case'), base + 2, customerId);
      await store.saveCase(mine);
      await store.saveCase(mineLater);
      for (let index = 0; index < 210; index += 1) await store.saveCase(record(uniqueId('flood'), base + 10 + index, index % 2 ? uniqueId('other') : undefined));
      expect((await store.listCases(200)).some((item) => item.id === mine.id)).toBe(false);
      expect((await store.listCustomerCases(customerId, 10)).map((item) => item.id)).toEqual([mineLater.id, mine.id]);
      expect(await store.listCustomerCases(uniqueId('nobody'), 10)).toEqual([]);
    });

    it('keeps resolved tickets, one per id, and lists them oldest first', async () => {
      const store = await make();
      const first = { id: uniqueId('ticket'), question: 'Sync stuck on the orange cloud', resolution: 'Fix the clock', resolvedAt: 1, product: 'lumen' };
      const second = { id: uniqueId('ticket'), question: '42', resolution: 'null', resolvedAt: 2 };
      await store.saveTicket(second);
      await store.saveTicket(first);
      await store.saveTicket({ ...first, resolution: 'Turn on automatic time' });
      const tickets = (await store.listTickets(1000)).filter((ticket) => ticket.id === first.id || ticket.id === second.id);
      expect(tickets).toEqual([{ ...first, resolution: 'Turn on automatic time' }, second]);
    });

    it('disables a destination with a reason and enables it again', async () => {
      const store = await make();
      const name = uniqueId('webhook');
      await store.setDestinationDisabled(name, 'HTTP 410 Gone');
      expect((await store.disabledDestinations())[name]).toBe('HTTP 410 Gone');
      await store.setDestinationDisabled(name, undefined);
      expect((await store.disabledDestinations())[name]).toBeUndefined();
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
      expect((await store.listConversations({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 10_000 })).map((item) => item.id)).not.toContain(dropped.id);
      expect(await store.getConversation(kept.id)).toBeDefined();
      expect(await store.getMessages(kept.id)).toHaveLength(1);
      await sleep(300);
      expect(await store.getConversation(kept.id)).toBeUndefined();
      expect(await store.getMessages(kept.id)).toEqual([]);
    });
  });
}
