import { signal } from '@preact/signals-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HandoffPart } from '../handoff';
import type { ChatModel } from './chat-model';
import { createHandoffModel } from './handoff-model';
import { createHandoff } from './handoff-part';
import { createMessage } from './message';
import { storage } from './storage';

// What storage.ts uses of the Web Storage API: Node has no localStorage of its own without a file.
const items = new Map<string, string>();
beforeAll(() => {
  const localStorage = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => items.set(key, value), removeItem: (key: string) => items.delete(key) };
  Object.defineProperty(globalThis, 'localStorage', { value: localStorage, configurable: true });
  storage.allow();
});
beforeEach(() => items.clear());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const chat = { messages: signal([createMessage('visitor', 'My invoice is wrong', 'done')]) } as unknown as ChatModel;
const context = () => ({ pageUrl: 'https://lumen.example/billing' });

/** The real part's model and view, arriving when `arrive()` is called, or failing on `fail()`. */
function deferredPart() {
  const calls = { count: 0 };
  let settle: { arrive(): void; fail(): void } = { arrive() {}, fail() {} };
  const load = () => {
    calls.count++;
    return new Promise<HandoffPart>((resolve, reject) => {
      settle = {
        arrive: () => resolve({ model: createHandoffModel({ baseUrl: 'https://support.example.org', chat, context, emit: () => undefined }), HandoffCard: (() => null) as never, t: {} as never }),
        fail: () => reject(new TypeError('Failed to fetch dynamically imported module')),
      };
    });
  };
  return { load, calls, arrive: () => settle.arrive(), fail: () => settle.fail() };
}

const step = (handoff: ReturnType<typeof createHandoff>) => handoff.part.value?.model.view.value.step;

describe('the handoff form as a part loaded on first use', () => {
  it('opens the form once the part arrives', async () => {
    const part = deferredPart();
    const handoff = createHandoff({ load: part.load, chat, context });
    const shown = handoff.show();
    part.arrive();
    await shown;
    expect(step(handoff)).toBe('form');
    expect(handoff.unavailable.value).toBe(false);
  });

  it('a part that cannot load says so (the mailto fallback), and the next click loads it again', async () => {
    const part = deferredPart();
    const handoff = createHandoff({ load: part.load, chat, context });
    const failed = handoff.show();
    part.fail();
    await failed;
    expect(handoff.unavailable.value).toBe(true);
    expect(handoff.part.value).toBeUndefined();
    const again = handoff.show();
    part.arrive();
    await again;
    expect(part.calls.count).toBe(2);
    expect(handoff.unavailable.value).toBe(false);
    expect(step(handoff)).toBe('form');
  });

  it('a slow part shows the fallback after SLOW_PART_MS, and the form replaces it when the part arrives', async () => {
    vi.useFakeTimers();
    const part = deferredPart();
    const handoff = createHandoff({ load: part.load, chat, context, slowMs: 3000 });
    const shown = handoff.show();
    await vi.advanceTimersByTimeAsync(2999);
    expect(handoff.unavailable.value).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(handoff.unavailable.value).toBe(true);
    part.arrive();
    await shown;
    expect(handoff.unavailable.value).toBe(false);
    expect(step(handoff)).toBe('form');
  });

  it('a part that arrives after the visitor went back to the chat does not open the form', async () => {
    const part = deferredPart();
    const handoff = createHandoff({ load: part.load, chat, context });
    const shown = handoff.show();
    handoff.hide();
    part.arrive();
    await shown;
    expect(step(handoff)).toBe('closed');
  });

  it('reset forgets the contact and queued requests without loading the part', () => {
    const part = deferredPart();
    const handoff = createHandoff({ load: part.load, chat, context });
    storage.set('contact', { name: 'Ada Lovelace', email: 'ada@example.org' });
    storage.set('pending-handoffs', [{ email: 'ada@example.org' }]);
    handoff.reset();
    expect(localStorage.getItem('switchboard:contact')).toBeNull();
    expect(localStorage.getItem('switchboard:pending-handoffs')).toBeNull();
    expect(part.calls.count).toBe(0);
  });

  it('loads the part to send a queued request, and only when there is one', async () => {
    const part = deferredPart();
    const handoff = createHandoff({ load: part.load, chat, context });
    handoff.retryPending();
    expect(part.calls.count).toBe(0);
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', async (_url: URL, init: RequestInit) => {
      posted.push(JSON.parse(String(init.body)));
      return Response.json({ handoffId: 'h', reference: 'HO-AAAA-BBBB', expectation: 'soon' });
    });
    storage.set('pending-handoffs', [{ email: 'ada@example.org' }]);
    handoff.retryPending();
    expect(part.calls.count).toBe(1);
    part.arrive();
    await vi.waitFor(() => expect(localStorage.getItem('switchboard:pending-handoffs')).toBeNull());
    expect(posted).toEqual([{ email: 'ada@example.org' }]);
  });

  it('the fallback transcript carries the page and the conversation', () => {
    const handoff = createHandoff({ load: deferredPart().load, chat, context });
    expect(handoff.transcript()).toBe('Page: https://lumen.example/billing\n\nvisitor: My invoice is wrong');
  });
});
