import { describe, expect, it } from 'vitest';
import { json, readEvents, testApp } from '../../../test/test-support';

/** One real conversation through /v1/chat, with the ids the widget would hold. */
async function converse(request: Awaited<ReturnType<typeof testApp>>['request'], message = 'How long is the password reset link valid?') {
  const events = await readEvents(await request('/v1/chat', json({ message })));
  const start = events.find((event) => event.type === 'start');
  if (start?.type !== 'start') throw new Error('no start event');
  return { conversationId: start.conversationId, conversationToken: start.conversationToken, messageId: start.messageId };
}

describe('POST /v1/feedback', () => {
  it('records a 👍 on the visitor’s own answer and confirms the resolution', async () => {
    const { request, store } = await testApp();
    const own = await converse(request);
    const response = await request('/v1/feedback', json({ ...own, rating: 'up' }));
    expect(response.status).toBe(204);
    expect(await store.listFeedback(own.conversationId)).toMatchObject([{ messageId: own.messageId, rating: 'up' }]);
    expect(await store.getConversation(own.conversationId)).toMatchObject({ outcome: 'resolved-confirmed', cohort: 'ai' });
  });

  it('records a 👎 with its reason, sends the conversation to review, and keeps the CSAT with its comment', async () => {
    const { request, store } = await testApp();
    const own = await converse(request);
    expect((await request('/v1/feedback', json({ ...own, rating: 'down', reason: 'incomplete' }))).status).toBe(204);
    const { messageId: _, ...conversation } = own;
    expect((await request('/v1/feedback', json({ ...conversation, csat: 2, comment: 'Did not help' }))).status).toBe(204);
    expect(await store.listFeedback(own.conversationId)).toMatchObject([{ rating: 'down', reason: 'incomplete' }]);
    expect(await store.getConversation(own.conversationId)).toMatchObject({ review: ['down'], lastAnswerUnhelpful: true, csat: 2, csatComment: 'Did not help' });
  });

  it('refuses a vote on someone else’s conversation, with the same 403 whether the id exists or not', async () => {
    const { request, store } = await testApp();
    const victim = await converse(request);
    const attacker = await converse(request, 'How do I export my notes?');
    const forged = await request('/v1/feedback', json({ conversationId: victim.conversationId, conversationToken: attacker.conversationToken, messageId: victim.messageId, rating: 'down' }));
    expect(forged.status).toBe(403);
    const unknown = await request('/v1/feedback', json({ conversationId: 'x'.repeat(22), conversationToken: attacker.conversationToken, csat: 1 }));
    expect(unknown.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(await store.listFeedback(victim.conversationId)).toEqual([]);
    expect((await store.getConversation(victim.conversationId))?.csat).toBeUndefined();
  });

  it('refuses to rate an answer from another conversation, even with a valid token', async () => {
    const { request } = await testApp();
    const own = await converse(request);
    const other = await converse(request, 'How do I export my notes?');
    const response = await request('/v1/feedback', json({ ...own, messageId: other.messageId, rating: 'up' }));
    expect(response.status).toBe(404);
  });

  it.each([
    ['both a rating and a CSAT', { rating: 'up', csat: 5 }],
    ['neither', {}],
    ['a CSAT of 6', { csat: 6 }],
    ['a CSAT of 2.5', { csat: 2.5 }],
    ['a rating without messageId', { rating: 'up', messageId: undefined }],
    ['an unknown reason', { rating: 'down', reason: 'boring' }],
  ])('answers 400 for %s', async (_, body) => {
    const { request } = await testApp();
    const own = await converse(request);
    const response = await request('/v1/feedback', json({ ...own, messageId: 'messageId' in body ? undefined : own.messageId, ...body }));
    expect(response.status).toBe(400);
  });
});
