/**
 * One OpenAI-compatible test server for a vitest file: started before its
 * tests, closed after, and reset (default scenario, no recorded requests)
 * before each test.
 *
 * @example
 * const llm = useOpenAITestServer();
 * it('…', async () => { llm.setScenario({ reply: 'hi' }); expect(llm.requests).toHaveLength(0); });
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startOpenAITestServer, type OpenAITestServer } from './openai-test-server';

export function useOpenAITestServer(): OpenAITestServer & { lastPrompt(): string } {
  const llm = {} as OpenAITestServer;
  beforeAll(async () => {
    Object.assign(llm, await startOpenAITestServer());
  });
  afterAll(() => llm.close());
  beforeEach(() => {
    llm.setScenario({});
    llm.requests.length = 0;
  });
  /** The text of every message of the newest request, joined by newlines. */
  const lastPrompt = () => (llm.requests.at(-1)?.body.messages ?? []).map((message) => message.content).join('\n');
  return Object.assign(llm, { lastPrompt });
}
