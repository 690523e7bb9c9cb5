import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../shared/protocol';
import { MemoryStore } from '../adapters/memory-store';
import { StoreError } from '../adapters/store-error';
import type { Retriever, SearchQuery } from '../ports';
import type { LlmAllowance } from '../ports/limits';
import { HUMAN_ONLY_MESSAGES } from './ai-access';
import { hashToken } from '../domain/tokens';
import { DEFAULT_ESCALATION_OPTIONS } from './escalation-policy';
import { HUMAN_IS_HANDLING } from './inbox';
import { startTurn, type TurnDependencies, type TurnRequest } from './turn';

const now = Date.UTC(2026, 0, 1, 12);
const PAGE = { id: 'd1', collection: 'docs' as const, pageId: 'p1', title: 'Reset your password', url: 'https://docs.example.com/reset', text: 'The password reset link is valid for 60 minutes.', score: 0.9, coverage: 1 };

/** The store counts its history reads, so "read once" can be checked. */
class CountingStore extends MemoryStore {
  historyReads = 0;
  override async getMessages(id: string) {
    this.historyReads += 1;
    return super.getMessages(id);
  }
}

class DownStore extends MemoryStore {
  override async getConversation(): Promise<never> {
    throw new StoreError('getConversation', 'no answer within 2000 ms');
  }
}

function setup(options: { store?: MemoryStore; aiEnabled?: boolean; allowance?: LlmAllowance } = {}) {
  const store = options.store ?? new CountingStore();
  const searches: SearchQuery[] = [];
  const retriever: Retriever = { search: async (query) => (searches.push(query), query.collection === 'docs' ? [PAGE] : []) };
  const logs: string[] = [];
  const dependencies: TurnDependencies = {
    store,
    answering: { retriever, minConfidence: 'low', maxAnswerTokens: 200, promptTokenBudget: 2000, retrievalTimeoutMs: 1000, escalation: DEFAULT_ESCALATION_OPTIONS, log: (line) => logs.push(line), ...(options.allowance ? { allowance: options.allowance } : {}) },
    access: { aiEnabled: options.aiEnabled ?? true, rolloutPercent: 100, products: [], internalOnly: false },
    outcomes: { assumedAfterMs: 3_600_000, reopenWithinMs: 3_600_000 },
    replay: { store, retryBaseSeconds: 5, maxAttempts: 3 },
    log: (line) => logs.push(line),
  };
  return { store, searches, logs, dependencies };
}

const ask = (message: string, extra: Partial<TurnRequest> = {}): TurnRequest => ({ message, now, signal: new AbortController().signal, ...extra });

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function existing(store: MemoryStore, status: 'ai' | 'human' = 'ai') {
  await store.createConversation({ id: 'c1', tokenHash: await hashToken('secret-token'), createdAt: now - 1000, updatedAt: now - 1000, status, cohort: 'ai' });
}

describe('the turn service', () => {
  it('refuses with a typed reason, and stores nothing, when the token is missing or not the owner\'s', async () => {
    const { store, dependencies } = setup();
    await existing(store);
    expect(await startTurn(ask('Hi', { conversationId: 'c1' }), dependencies)).toEqual({ ok: false, reason: 'token-required' });
    expect(await startTurn(ask('Hi', { conversationId: 'c1', conversationToken: 'someone-else' }), dependencies)).toEqual({ ok: false, reason: 'not-owner' });
    expect(await store.getMessages('c1')).toEqual([]);
  });

  it('a proven owner: history read once, the AI answers, and the answer is stored under the start event\'s message id, replying to the visitor\'s message', async () => {
    const store = new CountingStore();
    const { dependencies, searches } = setup({ store });
    await existing(store);
    const turn = await startTurn(ask('How long is the password reset link valid?', { conversationId: 'c1', conversationToken: 'secret-token' }), dependencies);
    if (!turn.ok) throw new Error('refused');
    expect(turn).toMatchObject({ ownership: 'proven', responder: { by: 'ai' }, conversationId: 'c1', conversationToken: 'secret-token' });
    const events = await collect(turn.events);
    expect(events.map((event) => event.type)).toEqual(['start', 'sources', 'text-delta', 'finish']);
    expect(store.historyReads).toBe(1);
    expect(searches.length).toBeGreaterThan(0);
    const [visitor, assistant] = await store.getMessages('c1');
    expect(visitor).toMatchObject({ role: 'visitor', text: 'How long is the password reset link valid?' });
    expect(assistant).toMatchObject({ role: 'assistant', replyTo: visitor!.id, id: events[0]?.type === 'start' ? events[0].messageId : 'none', sources: [{ url: PAGE.url }] });
    expect((await store.getConversation('c1'))?.firstResponseAt).toBeGreaterThanOrEqual(now);
  });

  it('a conversation a person has taken: the message is kept for them, the case reopens, and nothing is retrieved', async () => {
    const { store, dependencies, searches } = setup();
    await existing(store, 'human');
    await store.saveCase({ id: 'c1', conversationId: 'c1', reference: 'HO-AAAA-BBBB', status: 'waiting', reasons: [], customer: 'Ada', customerVerified: false, lastQuestion: 'Help', createdAt: now, updatedAt: now });
    const turn = await startTurn(ask('Any news?', { conversationId: 'c1', conversationToken: 'secret-token' }), dependencies);
    if (!turn.ok) throw new Error('refused');
    expect(turn.responder).toEqual({ by: 'human' });
    expect((await collect(turn.events)).map((event) => (event.type === 'text-delta' ? event.delta : event.type))).toEqual(['start', HUMAN_IS_HANDLING, 'finish']);
    expect(searches).toEqual([]);
    expect(await store.getCase('c1')).toMatchObject({ status: 'open', lastQuestion: 'Any news?' });
    expect((await store.getMessages('c1')).map((message) => message.role)).toEqual(['visitor']);
  });

  it('the kill switch: a handover that says why, no retrieval, and the turn counted as human-only', async () => {
    const { store, dependencies, searches } = setup({ aiEnabled: false });
    const turn = await startTurn(ask('How long is the password reset link valid?'), dependencies);
    if (!turn.ok) throw new Error('refused');
    expect(turn).toMatchObject({ ownership: 'new', responder: { by: 'off', reason: 'ai-disabled' } });
    const events = await collect(turn.events);
    expect(events[1]).toEqual({ type: 'escalation', reasons: ['ai-disabled'], message: HUMAN_ONLY_MESSAGES['ai-disabled'] });
    expect(searches).toEqual([]);
    expect(await store.getConversation(turn.conversationId)).toMatchObject({ cohort: 'human-only' });
  });

  it('the store down: answered statelessly, no history read, no outcome written', async () => {
    const { dependencies, logs } = setup({ store: new DownStore() });
    const turn = await startTurn(ask('How long is the password reset link valid?', { conversationId: 'c1', conversationToken: 'secret-token' }), dependencies);
    if (!turn.ok) throw new Error('refused');
    expect(turn.ownership).toBe('unproven');
    expect((await collect(turn.events)).at(-1)).toMatchObject({ type: 'finish', mode: 'extractive' });
    expect(logs).toContain('store unavailable: answering without history');
  });

  it('a visitor who went away: the answer is kept, marked incomplete', async () => {
    const { store, dependencies } = setup();
    const upstream = new AbortController();
    const turn = await startTurn(ask('How long is the password reset link valid?', { signal: upstream.signal }), dependencies);
    if (!turn.ok) throw new Error('refused');
    upstream.abort();
    await collect(turn.events);
    expect((await store.getMessages(turn.conversationId)).at(-1)).toMatchObject({ role: 'assistant', incomplete: true });
  });

  it('asks the LLM allowance (a port) before generating, and answers with excerpts when it says no', async () => {
    const asked: string[] = [];
    const allowance: LlmAllowance = { mayTriage: async () => (asked.push('triage'), false), mayGenerate: async () => (asked.push('generate'), false), spend: async () => void asked.push('spend') };
    const { dependencies } = setup({ allowance });
    const model = { stream: async function* () { asked.push('model'); yield 'never'; } };
    const turn = await startTurn(ask('How long is the password reset link valid?'), { ...dependencies, answering: { ...dependencies.answering, model } });
    if (!turn.ok) throw new Error('refused');
    expect((await collect(turn.events)).at(-1)).toMatchObject({ type: 'finish', mode: 'extractive' });
    expect(asked).toEqual(['generate']);
  });
});
