import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandoffPacketSchema } from '../../../shared/handoff-packet';
import * as v from 'valibot';
import { startOpenAITestServer, type OpenAITestServer } from '../../../test/openai-test-server';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver';
import { WebhookSink } from '../adapters/webhook-sink';
import { json, readEvents, testApp, testModel, textOf } from '../../../test/test-support';

let llm: OpenAITestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  llm = await startOpenAITestServer();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await llm.close();
  await receiver.close();
});

describe('escalation through the chat route', () => {
  it('hands a refund request to a person with no AI answer and no LLM call, and the handoff packet carries the reason codes', async () => {
    llm.requests.length = 0;
    const { request } = await testApp({ model: testModel(llm.url), sinks: [new WebhookSink({ url: receiver.url })] });
    const events = await readEvents(await request('/v1/chat', json({ message: 'I was charged for Pro but never used it, I want a refund' })));
    const escalation = events.find((event) => event.type === 'escalation');
    expect(escalation).toMatchObject({ type: 'escalation', reasons: expect.arrayContaining(['no-ai-topic:refund']) });
    expect(events.some((event) => event.type === 'sources')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'finish', mode: 'escalated' });
    expect(textOf(events)).not.toMatch(/refund (is|will be)|we will refund/i);
    expect(llm.requests).toHaveLength(0);

    const start = events[0];
    if (start?.type !== 'start') throw new Error('no start');
    const handoff = await request('/v1/handoff', json({ conversationId: start.conversationId, conversationToken: start.conversationToken, email: 'ada@example.com' }));
    expect(handoff.status).toBe(201);
    const packet = v.parse(HandoffPacketSchema, receiver.deliveries().at(-1)?.body);
    expect(packet.reasons).toEqual(expect.arrayContaining(['visitor-request', 'no-ai-topic:refund']));
  });

  it('answers an innocent use of a trigger word', async () => {
    const { request } = await testApp();
    const events = await readEvents(await request('/v1/chat', json({ message: 'How do I cancel sharing a notebook with someone?' })));
    expect(events.some((event) => event.type === 'escalation')).toBe(false);
  });
});
