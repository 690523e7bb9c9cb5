import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatModel } from './chat-model';
import { createHandoffModel } from './handoff-model';
import { storage } from './storage';

/** The Web Storage API over a Map: Node has no localStorage of its own without a file. */
class MapStorage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#items.set(key, String(value));
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  clear() {
    this.#items.clear();
  }
}

beforeAll(() => {
  Object.defineProperty(globalThis, 'localStorage', { value: new MapStorage(), configurable: true });
  storage.allow();
});

describe('handoff model reset (issue 16, finding 9)', () => {
  it('leaves nothing of the last visitor: no remembered name or email, no queued handoff', () => {
    const model = createHandoffModel({ baseUrl: 'https://support.example.org', chat: {} as ChatModel, context: () => ({}), emit: () => undefined });
    storage.set('contact', { name: 'Ada Lovelace', email: 'ada@example.org' });
    storage.set('pending-handoffs', [{ email: 'ada@example.org' }]);
    expect(model.known().remembered).toEqual({ name: 'Ada Lovelace', email: 'ada@example.org' });
    model.reset();
    expect(model.known().remembered).toEqual({});
    expect(localStorage.getItem('switchboard:contact')).toBeNull();
    expect(localStorage.getItem('switchboard:pending-handoffs')).toBeNull();
  });
});
