import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../adapters/memory-store';
import { StoreError } from '../adapters/store-error';
import type { HandoffSink } from '../ports';
import { replyToCase } from './inbox';

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
    const result = await replyToCase('c1', 'We refunded you.', { store, tickets: { upsert: async () => undefined }, email, now: () => 2_000 });
    expect(result.emailed).toBe(true);
    expect(emails).toHaveLength(1);
    expect((await store.getMessages('c1')).map((message) => message.role)).toEqual(['agent']);
    expect(await store.getCase('c1')).toMatchObject({ status: 'waiting' });
  });
});
