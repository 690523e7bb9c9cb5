import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store';
import { describeStoreContract } from '../../../test/store-contract';

describeStoreContract('MemoryStore', ({ ttlDays }) => new MemoryStore({ ttlDays }));

describe('MemoryStore', () => {
  it('expires lazily against the injected clock', async () => {
    let now = 1_000;
    const store = new MemoryStore({ ttlDays: 1, now: () => now });
    await store.createConversation({ id: 'c', tokenHash: 'h', createdAt: now, updatedAt: now, status: 'ai' });
    now += 24 * 60 * 60 * 1000 - 1;
    expect(await store.getConversation('c')).toBeDefined();
    now += 1;
    expect(await store.getConversation('c')).toBeUndefined();
  });

  it('refuses a TTL that is not a positive number of days', () => {
    expect(() => new MemoryStore({ ttlDays: 0 })).toThrow(/ttlDays/);
  });
});

describe('MemoryStore memory bound', () => {
  it('keeps at most maxEntries conversations, dropping the least recently written first', async () => {
    const store = new MemoryStore({ maxEntries: 3 });
    const conversation = (id: string) => ({ id, tokenHash: 'h', createdAt: 1, updatedAt: 1, status: 'ai' as const });
    for (const id of ['a', 'b', 'c']) await store.createConversation(conversation(id));
    await store.appendMessage('a', { id: 'm1', role: 'visitor', text: 'still here', at: 2 });
    await store.createConversation(conversation('d'));
    expect(await store.getConversation('b')).toBeUndefined();
    expect((await store.getMessages('a')).map((message) => message.text)).toEqual(['still here']);
    expect(await store.getConversation('d')).toBeDefined();
  });

  it('never evicts a handoff that is still waiting for delivery', async () => {
    const store = new MemoryStore({ maxEntries: 2 });
    const handoff = (reference: string, delivery: 'pending' | 'delivered') => ({ reference, idempotencyId: reference, createdAt: 1, delivery, attempts: 0, packet: {} });
    await store.saveHandoff(handoff('p1', 'pending'));
    await store.saveHandoff(handoff('d1', 'delivered'));
    await store.saveHandoff(handoff('p2', 'pending'));
    await store.saveHandoff(handoff('p3', 'pending'));
    expect(await store.getHandoff('p1')).toBeDefined();
    expect(await store.getHandoff('d1')).toBeUndefined();
    expect(await store.getHandoff('p3')).toBeDefined();
  });
});
