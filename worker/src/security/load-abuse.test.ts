/**
 * Load and abuse: a flood costs no LLM calls, the site's daily LLM caps hold
 * across many visitors, and a long conversation keeps the prompt in budget.
 */
import { describe, expect, it } from 'vitest';
import { useOpenAITestServer } from '../../../test/use-openai-test-server';
import { hashToken } from '../domain/tokens';
import { estimateTokens } from '../services/prompt';
import { json, readEvents } from '../../../test/test-support';
import { securityApp, SECRETS } from '../../../test/security-harness';

const llm = useOpenAITestServer();

const QUESTION = 'What is the keyboard shortcut to search all my notes?';
const model = () => ({ OPENAI_API_KEY: SECRETS.OPENAI_API_KEY, OPENAI_BASE_URL: llm.url, OPENAI_MAX_RETRIES: '0' });
const from = (ip: string) => ({ 'cf-connecting-ip': ip });

describe('one visitor flooding the chat', () => {
  it('gets 429 with Retry-After past RATE_LIMIT_VISITOR_PER_MINUTE, and the refused messages cost no LLM, store or retrieval call', async () => {
    const { request, counter } = await securityApp({ env: { ...model(), RATE_LIMIT_VISITOR_PER_MINUTE: '5' } });
    const statuses: number[] = [];
    for (let index = 0; index < 30; index++) {
      const response = await request('/v1/chat', json({ message: QUESTION }, from('203.0.113.7')));
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(await response.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/talk to a human/i) } });
      } else await response.text();
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
    expect(llm.requests).toHaveLength(5);
    const callsAfterLimit = counter.calls.length;
    await request('/v1/chat', json({ message: QUESTION }, from('203.0.113.7')));
    expect(counter.calls.length).toBe(callsAfterLimit);
  });

  it('flooding one conversation is limited the same way, and another visitor is not affected', async () => {
    const { request } = await securityApp({ env: { ...model(), RATE_LIMIT_VISITOR_PER_MINUTE: '3' } });
    const first = await readEvents(await request('/v1/chat', json({ message: QUESTION }, from('203.0.113.8'))));
    const start = first[0];
    if (start?.type !== 'start') throw new Error('no start');
    const statuses: number[] = [];
    for (let index = 0; index < 10; index++) {
      const response = await request('/v1/chat', json({ message: QUESTION, conversationId: start.conversationId, conversationToken: start.conversationToken }, from('203.0.113.8')));
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    const other = await request('/v1/chat', json({ message: QUESTION }, from('198.51.100.1')));
    expect(other.status).toBe(200);
    await other.text();
  });

  it('one address cannot multiply the visitor limit by opening more conversations: it gets five visitors’ worth', async () => {
    const { request } = await securityApp({ env: { ...model(), RATE_LIMIT_VISITOR_PER_MINUTE: '6' } });
    const conversations = [];
    for (let index = 0; index < 6; index++) {
      const events = await readEvents(await request('/v1/chat', json({ message: QUESTION }, from('203.0.113.10'))));
      if (events[0]?.type === 'start') conversations.push(events[0]);
    }
    let accepted = conversations.length;
    for (const start of conversations) {
      for (let index = 0; index < 6; index++) {
        const response = await request('/v1/chat', json({ message: QUESTION, conversationId: start.conversationId, conversationToken: start.conversationToken }, from('203.0.113.10')));
        if (response.status === 200) accepted++;
        await response.text();
      }
    }
    // 6 new conversations plus 6 × 6 follow-ups would be 42; the address is capped at 5 × 6.
    expect(accepted).toBe(30);
  });

  it('the handoff stays open to a visitor whose chat is rate limited', async () => {
    const { request } = await securityApp({ env: { ...model(), RATE_LIMIT_VISITOR_PER_MINUTE: '1' } });
    await (await request('/v1/chat', json({ message: QUESTION }, from('203.0.113.9')))).text();
    expect((await request('/v1/chat', json({ message: QUESTION }, from('203.0.113.9')))).status).toBe(429);
    expect((await request('/v1/handoff', json({ email: 'ada@example.com' }, from('203.0.113.9')))).status).toBe(201);
  });
});

describe('many visitors on one site: the daily LLM caps hold', () => {
  async function visitors(env: Record<string, string>, count: number) {
    const { request } = await securityApp({ env: { ...model(), ...env } });
    const modes: string[] = [];
    for (let index = 0; index < count; index++) {
      const events = await readEvents(await request('/v1/chat', json({ message: QUESTION }, from(`198.51.100.${index + 10}`))));
      const finish = events.at(-1);
      modes.push(finish?.type === 'finish' ? finish.mode : `ended with ${finish?.type}`);
    }
    return modes;
  }

  it('DAILY_LLM_CALLS=3: exactly 3 model calls for 12 visitors; the rest get cited excerpts', async () => {
    const modes = await visitors({ DAILY_LLM_CALLS: '3' }, 12);
    expect(llm.requests).toHaveLength(3);
    expect(modes.filter((mode) => mode === 'generated')).toHaveLength(3);
    expect(modes.filter((mode) => mode === 'extractive')).toHaveLength(9);
  });

  it('DAILY_LLM_CALLS=2: small talk and "not sure" answers make no model call and leave both calls for real questions', async () => {
    const { request } = await securityApp({ env: { ...model(), DAILY_LLM_CALLS: '2' } });
    const modeOf = async (message: string, index: number) => (await readEvents(await request('/v1/chat', json({ message }, from(`198.51.100.${index + 60}`))))).at(-1);
    for (let index = 0; index < 4; index += 1) {
      expect(await modeOf('hi there', index)).toMatchObject({ mode: 'small-talk' });
      expect(await modeOf('What is the airspeed velocity of an unladen swallow?', index + 10)).toMatchObject({ mode: 'not-sure' });
    }
    expect(llm.requests).toHaveLength(0);
    expect(await modeOf(QUESTION, 20)).toMatchObject({ mode: 'generated' });
    expect(await modeOf(QUESTION, 21)).toMatchObject({ mode: 'generated' });
    expect(await modeOf(QUESTION, 22)).toMatchObject({ mode: 'extractive' });
  });

  it('DAILY_LLM_CALLS=0: no model call at all', async () => {
    const modes = await visitors({ DAILY_LLM_CALLS: '0' }, 4);
    expect(llm.requests).toHaveLength(0);
    expect(modes.every((mode) => mode === 'extractive')).toBe(true);
  });

  it('DAILY_LLM_TOKENS: once the day’s tokens are spent, no more model calls', async () => {
    // One answer costs several hundred estimated tokens (prompt + reply); a 200-token cap allows one call, then holds.
    const modes = await visitors({ DAILY_LLM_TOKENS: '200' }, 6);
    expect(llm.requests).toHaveLength(1);
    expect(modes.filter((mode) => mode === 'extractive')).toHaveLength(5);
  });
});

describe('a 100-turn conversation', () => {
  it('keeps the prompt sent to the model inside PROMPT_TOKEN_BUDGET, newest turns kept', async () => {
    const budget = 1200;
    const { request, store } = await securityApp({ env: { ...model(), PROMPT_TOKEN_BUDGET: String(budget), MAX_TURNS_BEFORE_ESCALATION: '1000', MAX_MINUTES_BEFORE_ESCALATION: '10080' } });
    const id = 'Q'.repeat(22);
    const token = 'T'.repeat(43);
    const now = Date.now();
    await store.createConversation({ id, tokenHash: await hashToken(token), createdAt: now - 60_000, updatedAt: now, status: 'ai' });
    for (let turn = 0; turn < 100; turn++) {
      await store.appendMessage(id, { id: `v${turn}`, role: 'visitor', text: `Visitor turn ${turn}: ${'words about notes and search '.repeat(6)}`, at: now - 50_000 + turn });
      await store.appendMessage(id, { id: `a${turn}`, role: 'assistant', text: `Assistant turn ${turn}: ${'an answer about shortcuts and notebooks '.repeat(6)}`, at: now - 50_000 + turn });
    }
    const events = await readEvents(await request('/v1/chat', json({ message: QUESTION, conversationId: id, conversationToken: token })));
    expect(events.at(-1)).toMatchObject({ type: 'finish', mode: 'generated' });
    const messages = llm.requests[0]?.body.messages ?? [];
    const promptTokens = estimateTokens(messages.map((message) => message.content).join(''));
    expect(promptTokens).toBeLessThanOrEqual(budget);
    const prompt = messages.map((message) => message.content).join('\n');
    expect(prompt).toContain('Assistant turn 99');
    expect(prompt).not.toContain('Visitor turn 0:');
  });
});
