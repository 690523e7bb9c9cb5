import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import type { Retriever, SearchQuery } from '../ports';
import { inRollout, rolloutBucket } from '../services/ai-access';
import { signIdentityToken } from '../services/identity';
import { demoRetriever, json, readEvents, testApp, textOf } from '../../../test/test-support';

/** The demo retriever, counting how often it is asked. */
async function countingRetriever() {
  const real = await demoRetriever();
  const calls: SearchQuery[] = [];
  const retriever: Retriever = { search: (query) => (calls.push(query), real.search(query)) };
  return { retriever, calls };
}

/** Visitor ids on each side of a 50 % rollout, found by the same hash the worker uses. */
function visitorIds() {
  const ids = Array.from({ length: 40 }, (_, index) => `visitor-${String(index).padStart(16, '0')}`);
  return { inside: ids.find((id) => rolloutBucket(id) < 50)!, outside: ids.find((id) => rolloutBucket(id) >= 50)! };
}

const QUESTION = 'How long is the password reset link valid?';

describe('start small: who gets AI answers', () => {
  it('AI_ENABLED=false: the chat answers with an honest handover and makes no retrieval call', async () => {
    const { retriever, calls } = await countingRetriever();
    const { request, store } = await testApp({ env: { AI_ENABLED: 'false' }, retriever });
    const config = await (await request('/v1/config')).json();
    expect(config.aiEnabled).toBe(false);
    const events = await readEvents(await request('/v1/chat', json({ message: QUESTION })));
    expect(events.map((event) => event.type)).toEqual(['start', 'escalation', 'text-delta', 'finish']);
    expect(events[1]).toMatchObject({ type: 'escalation', reasons: ['ai-disabled'] });
    expect(textOf(events)).toMatch(/AI assistant is switched off/);
    expect(calls).toHaveLength(0);
    const start = events[0]!;
    expect(start.type === 'start' && (await store.getConversation(start.conversationId))).toMatchObject({ cohort: 'human-only', outcome: 'escalated' });
  });

  it('ROLLOUT_PERCENT splits visitors deterministically by their anonymous id, and counts both cohorts', async () => {
    const { inside, outside } = visitorIds();
    const { retriever, calls } = await countingRetriever();
    const { request, store } = await testApp({ env: { ROLLOUT_PERCENT: '50' }, retriever });
    expect((await (await request(`/v1/config?visitor=${inside}`)).json()).aiEnabled).toBe(true);
    expect((await (await request(`/v1/config?visitor=${outside}`)).json()).aiEnabled).toBe(false);
    expect((await (await request('/v1/config')).json()).aiEnabled).toBe(false);
    expect((await request(`/v1/config?visitor=${inside}`)).headers.get('cache-control')).toMatch(/^private/);

    const answered = await readEvents(await request('/v1/chat', json({ message: QUESTION, visitorId: inside })));
    expect(answered.map((event) => event.type)).toContain('sources');
    const handed = await readEvents(await request('/v1/chat', json({ message: QUESTION, visitorId: outside })));
    expect(handed[1]).toMatchObject({ type: 'escalation', reasons: ['rollout'] });
    expect(calls.filter((call) => call.collection === 'docs')).toHaveLength(1);

    const cohorts = await store.listConversations({ from: 0, to: Date.now() + 1, limit: 10 });
    expect(cohorts.map((conversation) => conversation.cohort).sort()).toEqual(['ai', 'human-only']);
  });

  it('the rollout hash is stable and roughly proportional', () => {
    expect(rolloutBucket('abc')).toBe(rolloutBucket('abc'));
    const ids = Array.from({ length: 2000 }, (_, index) => `visitor-id-number-${index}-xxxxxxxx`);
    const share = ids.filter((id) => inRollout(id, 30)).length / ids.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(inRollout(ids[0], 0)).toBe(false);
    expect(inRollout(undefined, 100)).toBe(true);
  });

  it('PRODUCTS: a question about another product goes to a person, with no retrieval', async () => {
    const { retriever, calls } = await countingRetriever();
    const { request } = await testApp({ env: { PRODUCTS: 'lumen' }, retriever });
    const other = await readEvents(await request('/v1/chat', json({ message: QUESTION, product: 'acme-cloud' })));
    expect(other[1]).toMatchObject({ type: 'escalation', reasons: ['out-of-scope'] });
    expect(calls).toHaveLength(0);
    const own = await readEvents(await request('/v1/chat', json({ message: QUESTION, product: 'lumen' })));
    expect(own.map((event) => event.type)).toContain('sources');
  });

  it('INTERNAL_ONLY: only a verified token with the internal claim gets the AI', async () => {
    const secret = 'identity-secret-for-tests-0123456789';
    const { request } = await testApp({ env: { INTERNAL_ONLY: 'true', IDENTITY_SECRET: secret } });
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const staff = await signIdentityToken({ sub: 'staff_1', internal: true, exp }, secret);
    const customer = await signIdentityToken({ sub: 'cus_1', exp }, secret);
    const anonymous = await readEvents(await request('/v1/chat', json({ message: QUESTION })));
    expect(anonymous[1]).toMatchObject({ type: 'escalation', reasons: ['internal-only'] });
    const outsider = await readEvents(await request('/v1/chat', json({ message: QUESTION, userToken: customer })));
    expect(outsider[1]).toMatchObject({ type: 'escalation', reasons: ['internal-only'] });
    const insider = await readEvents(await request('/v1/chat', json({ message: QUESTION, userToken: staff })));
    expect(insider.map((event) => event.type)).toContain('sources');
  });
});

describe('start-small settings fail start-up with the variable and the fix', () => {
  it.each([
    [{ AI_ENABLED: 'maybe' }, /AI_ENABLED="maybe" is invalid: set it to true or false/],
    [{ ROLLOUT_PERCENT: '150' }, /ROLLOUT_PERCENT="150" is invalid: set it to a whole number from 0 to 100/],
    [{ ROLLOUT_PERCENT: '12.5' }, /ROLLOUT_PERCENT/],
    [{ PRODUCTS: 'lumen, Lumen Cloud' }, /PRODUCTS has "Lumen Cloud", which is not a product slug/],
    [{ ASSUMED_RESOLUTION_HOURS: '0' }, /ASSUMED_RESOLUTION_HOURS="0" is invalid/],
    [{ REOPEN_WINDOW_HOURS: 'week' }, /REOPEN_WINDOW_HOURS/],
    [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN must be 24 to 256 characters.*openssl rand -base64 32/],
    [{ ADMIN_TOKEN: 'has spaces in it but is long enough' }, /ADMIN_TOKEN/],
    [{ INTERNAL_ONLY: 'true' }, /INTERNAL_ONLY=true needs IDENTITY_SECRET/],
  ])('%o', (env, message) => {
    expect(() => parseConfig(env)).toThrow(message);
  });

  it('defaults: AI on for everyone, all products, 24 h assumed resolution, dashboard off', () => {
    expect(parseConfig({})).toMatchObject({ aiEnabled: true, rolloutPercent: 100, products: [], internalOnly: false, assumedResolutionHours: 24, reopenWindowHours: 72, adminToken: '' });
  });
});
