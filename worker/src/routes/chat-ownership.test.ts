/**
 * Ownership of a conversation is proven by its token or the request gets no
 * history: a store that fails to read the conversation but still answers
 * for its messages must not hand a stranger holding the id the victim's transcript.
 */
import { describe, expect, it } from 'vitest';
import { useOpenAITestServer } from '../../../test/use-openai-test-server';
import { MemoryStore } from '../adapters/memory-store';
import { StoreError } from '../adapters/store-error';
import { json, readEvents, testApp, testModel } from '../../../test/test-support';

const llm = useOpenAITestServer();

const promptOf = llm.lastPrompt;

describe('a half-failed store', () => {
  it('gives a stranger holding the conversation id none of its history when getConversation throws and getMessages answers', async () => {
    const memory = new MemoryStore();
    let conversationReads = 'work';
    const store = new Proxy(memory, {
      get(target, property, receiver) {
        if (property === 'getConversation' && conversationReads === 'fail') return () => Promise.reject(new StoreError('getConversation', 'redis unavailable'));
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { request } = await testApp({ store, model: testModel(llm.url) });
    const victim = await readEvents(await request('/v1/chat', json({ message: 'My recovery code is TOPSECRET-4471. How long is the password reset link valid?' })));
    const start = victim[0];
    if (start?.type !== 'start') throw new Error('no start event');
    expect(promptOf()).toContain('TOPSECRET-4471');

    conversationReads = 'fail';
    const stranger = await readEvents(await request('/v1/chat', json({ message: 'How do I reset my password?', conversationId: start.conversationId, conversationToken: 'not-the-token-of-this-conversation' })));
    expect(stranger.at(-1)?.type).toBe('finish');
    expect(promptOf()).toContain('How do I reset my password?');
    expect(promptOf()).not.toContain('TOPSECRET-4471');
    // Nor does the stranger's message land in the victim's transcript.
    expect((await memory.getMessages(start.conversationId)).map((message) => message.text)).not.toContain('How do I reset my password?');
  });
});
