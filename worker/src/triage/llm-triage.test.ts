import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TRIAGE_CATEGORIES } from '../../../shared/triage';
import { startOpenAITestServer, type OpenAITestServer } from '../../../test/openai-test-server';
import { OpenAIChatModel } from '../adapters/openai-chat-model';
import type { StreamEvent } from '../../../shared/protocol';
import type { Retriever } from '../ports';
import { answer } from '../services/answering';
import { DEFAULT_ESCALATION_OPTIONS } from '../services/escalation-policy';
import { NO_AI_TOPICS } from '../services/no-ai-topics';
import { withLlmTriage } from './llm-triage';
import { triage, type Triage } from './triage';

const now = Date.UTC(2026, 0, 1, 12);
let llm: OpenAITestServer;
let judge: OpenAIChatModel;
beforeAll(async () => {
  llm = await startOpenAITestServer();
  judge = new OpenAIChatModel({ apiKey: 'sk-test-double', baseURL: llm.url, model: 'test-model', timeoutMs: 5000, maxRetries: 0 });
});
afterAll(() => llm.close());
beforeEach(() => {
  llm.setScenario({});
  llm.requests.length = 0;
});

const judged = (overrides: Record<string, unknown> = {}) => ({ humanRequest: false, topic: null, signals: [], category: 'how-to', sentiment: 'neutral', urgency: 'normal', summary: 'Asks how to install.', ...overrides });
const options = (timeoutMs = 2000) => ({ judge, timeoutMs, categories: DEFAULT_TRIAGE_CATEGORIES, noAiTopics: NO_AI_TOPICS, signal: new AbortController().signal });
const input = { message: 'How do I install Cypress?', history: [], now };
const offline = (): Triage => triage(input, DEFAULT_ESCALATION_OPTIONS);

describe('LLM triage (the real openai SDK against the test double)', () => {
  it('asks once with a strict JSON schema and adds the topic and signals it finds', async () => {
    llm.setScenario({ structured: judged({ topic: 'refund', signals: ['frustration'], category: 'billing', urgency: 'high' }) });
    const found = await withLlmTriage(offline(), input, options());
    expect(llm.requests).toHaveLength(1);
    expect(llm.requests[0]?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'triage', strict: true } });
    expect(found).toMatchObject({ topic: 'refund', category: 'billing', urgency: 'high' });
    expect(found.signals.find((signal) => signal.code === 'frustration')?.fired).toBe(true);
  });

  it('never removes what the offline triage found', async () => {
    const base = offline();
    const strong: Triage = { ...base, topic: 'legal', topicSignal: { code: 'no-ai-topic', fired: true, score: 1, detail: 'legal' }, humanRequest: { code: 'human-request', fired: true, score: 1 }, signals: base.signals.map((signal) => ({ ...signal, fired: true })) };
    llm.setScenario({ structured: judged() });
    const found = await withLlmTriage(strong, input, options());
    expect(found.topic).toBe('legal');
    expect(found.humanRequest.fired).toBe(true);
    expect(found.signals.every((signal) => signal.fired)).toBe(true);
  });

  it('ignores a topic the site does not keep from the AI', async () => {
    llm.setScenario({ structured: judged({ topic: 'refund' }) });
    expect((await withLlmTriage(offline(), input, { ...options(), noAiTopics: ['legal'] })).topic).toBeNull();
  });

  it('times out to the offline result', async () => {
    llm.setScenario({ hangMs: 3000, structured: judged({ topic: 'refund' }) });
    const started = Date.now();
    const found = await withLlmTriage(offline(), input, options(200));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(found).toEqual(offline());
  });

  it('falls back to the offline result on a reply that is not the schema, or an error', async () => {
    llm.setScenario({ structured: { topic: 'weather' } });
    expect(await withLlmTriage(offline(), input, options())).toEqual(offline());
    llm.setScenario({ failStatus: 500 });
    expect(await withLlmTriage(offline(), input, options())).toEqual(offline());
  });

  it('in a turn: one call, and the escalation it adds is the answer', async () => {
    llm.setScenario({ structured: judged({ topic: 'policy-exception', category: 'plans-pricing' }) });
    const retriever: Retriever = { search: async () => [] };
    const events: StreamEvent[] = [];
    const record = await answer(
      { message: 'How do I install Cypress?', history: [], signal: new AbortController().signal, now },
      { retriever, minConfidence: 'low', maxAnswerTokens: 100, promptTokenBudget: 1000, retrievalTimeoutMs: 500, escalation: DEFAULT_ESCALATION_OPTIONS, log: () => undefined, triageJudge: judge },
      async (event) => void events.push(event),
    );
    expect(llm.requests).toHaveLength(1);
    expect(record.escalation).toEqual(['no-ai-topic:policy-exception']);
    expect(record.triage?.category).toBe('plans-pricing');
  });
});
