import { describe, expect, it } from 'vitest';
import { useOpenAITestServer } from '../../../test/use-openai-test-server';
import { MemoryStore } from '../adapters/memory-store';
import { signIdentityToken } from '../services/identity';
import { json, readEvents, testApp, testModel } from '../../../test/test-support';

const SECRET = 'identity-secret-for-tests-0123456789';
const llm = useOpenAITestServer();

const promptOf = llm.lastPrompt;
const exp = () => Math.floor(Date.now() / 1000) + 600;

describe('the prompt carries what is known, so the assistant never asks twice', () => {
  it('includes the verified customer and their previous tickets, and the whole conversation', async () => {
    const store = new MemoryStore();
    await store.saveCase({
      id: 'case-1', reference: 'HO-AAAA-BBBB', status: 'resolved', reasons: ['visitor_request'], customer: 'Ada Lovelace', customerVerified: true, customerId: 'cus_42',
      email: 'ada@example.com', lastQuestion: 'My notes stopped syncing on my laptop', createdAt: 1, updatedAt: 2, resolution: 'The laptop clock was 10 minutes off; fixing it restored sync.',
    });
    const { request } = await testApp({ store, model: testModel(llm.url), env: { IDENTITY_SECRET: SECRET } });
    const userToken = await signIdentityToken({ sub: 'cus_42', name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro', exp: exp() }, SECRET);
    const first = await readEvents(await request('/v1/chat', json({ message: 'How many devices can I sync on the free plan?', userToken })));
    const start = first[0];
    if (start?.type !== 'start') throw new Error('no start');
    await (await request('/v1/chat', json({ message: 'What is the keyboard shortcut to search all my notes?', conversationId: start.conversationId, conversationToken: start.conversationToken, userToken }))).text();
    const prompt = promptOf();
    expect(prompt).toContain('Ada Lovelace');
    expect(prompt).toContain('pro');
    expect(prompt).toContain('The laptop clock was 10 minutes off');
    expect(prompt).toContain('How many devices can I sync on the free plan?');
  });

  it('never puts unverified or forged claims into the prompt as facts', async () => {
    const { request } = await testApp({ model: testModel(llm.url), env: { IDENTITY_SECRET: SECRET } });
    const forged = await signIdentityToken({ sub: 'cus_1', name: 'Mallory Enterprise', email: 'm@example.com', valueTier: 'enterprise', exp: exp() }, 'not-the-secret-at-all-0123456789');
    await (await request('/v1/chat', json({ message: 'What is the keyboard shortcut to search all my notes?', userToken: forged }))).text();
    expect(promptOf()).not.toContain('Mallory');
    expect(promptOf()).not.toContain('enterprise');
  });
});
