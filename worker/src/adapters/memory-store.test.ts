import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store';
import { describeStoreContract } from './store-contract';

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
