import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver';
import { HandoffPacketSchema } from '../../../shared/handoff-packet';
import * as v from 'valibot';
import { MemoryStore } from '../adapters/memory-store';
import { WebhookSink } from '../adapters/webhook-sink';
import { json, readEvents, testApp } from '../../../test/test-support';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret });
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

/** A store whose every call fails, like Upstash answering 5xx. */
class DownStore extends MemoryStore {
  constructor() {
    super();
    for (const method of ['getConversation', 'createConversation', 'updateConversation', 'appendMessage', 'getMessages', 'saveHandoff', 'updateHandoff'] as const) {
      (this as unknown as Record<string, () => Promise<never>>)[method] = () => Promise.reject(new Error('store down'));
    }
  }
}

async function chatThenHandoff(options: Parameters<typeof testApp>[0], handoff: Record<string, unknown>, lang?: string) {
  const app = await testApp({ sinks: [new WebhookSink({ url: receiver.url, secret })], ...options });
  const events = await readEvents(await app.request('/v1/chat', json({ message: 'How long is the password reset link valid?', pageUrl: 'https://lumen.example/help', ...(lang ? { lang } : {}) })));
  const start = events[0];
  if (start?.type !== 'start') throw new Error('no start');
  const response = await app.request('/v1/handoff', json({ conversationId: start.conversationId, conversationToken: start.conversationToken, ...handoff }));
  return { ...app, response, start };
}

describe('POST /v1/handoff', () => {
  it('records the handoff and delivers a signed packet with the whole transcript and the last answer', async () => {
    const { response, start } = await chatThenHandoff({}, { name: 'Ada Lovelace', email: 'ada@example.com', note: 'The link expired twice.' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { reference: string; status: string; expectation: string };
    expect(body.reference).toMatch(/^HO-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(body.status).toBe('sent');
    const [delivery] = receiver.deliveries();
    expect(delivery?.signatureValid).toBe(true);
    const packet = v.parse(HandoffPacketSchema, delivery?.body);
    expect(packet.reference).toBe(body.reference);
    expect(packet.conversationId).toBe(start.conversationId);
    expect(packet.contact).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', note: 'The link expired twice.' });
    expect(packet.transcript.map((message) => message.role)).toEqual(['visitor', 'assistant']);
    expect(packet.transcript[0]?.text).toBe('How long is the password reset link valid?');
    expect(packet.lastAnswer?.sources[0]?.url).toContain('/docs/account/reset-password');
    expect(packet.pageUrl).toBe('https://lumen.example/help');
    expect(packet.reasons).toContain('visitor-request');
    expect(packet.customer.verified).toBe(false);
  });

  it('works before any chat, from the first moment', async () => {
    const { request } = await testApp({ sinks: [new WebhookSink({ url: receiver.url, secret })] });
    const response = await request('/v1/handoff', json({ email: 'grace@example.com', note: 'Call me' }));
    expect(response.status).toBe(201);
    expect(receiver.deliveries()).toHaveLength(1);
  });

  it('tells the visitor what happens next in their language: the conversation\'s, else the browser\'s', async () => {
    const { request } = await testApp({ sinks: [new WebhookSink({ url: receiver.url, secret })] });
    const before = await request('/v1/handoff', json({ email: 'grace@example.com' }, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' }));
    // A webhook, no inbox: the team has it, and nothing is promised here or by email.
    expect(((await before.json()) as { expectation: string }).expectation).toBe('Unser Team hat dieses Gespräch und Ihre Kontaktdaten erhalten.');
    const { response, start, request: after } = await chatThenHandoff({}, { email: 'ada@example.com' }, 'fr');
    const { reference, expectation } = (await response.json()) as { reference: string; expectation: string };
    expect(expectation).toMatch(/^Notre équipe a reçu cette conversation/);
    // Kept in the conversation, so a reload or another tab says it too.
    const restored = (await (await after(`/v1/conversations/${start.conversationId}`, { headers: { 'x-conversation-token': start.conversationToken } })).json()) as { messages: { role: string; text: string }[] };
    expect(restored.messages.at(-1)).toMatchObject({ role: 'system', text: `Envoyé à notre équipe (référence ${reference}). ${expectation}` });
  });

  it('delivers directly when the store is down', async () => {
    const { request } = await testApp({ store: new DownStore(), sinks: [new WebhookSink({ url: receiver.url, secret })] });
    const response = await request('/v1/handoff', json({ email: 'grace@example.com' }));
    expect(response.status).toBe(201);
    expect(receiver.deliveries()).toHaveLength(1);
  });

  it('answers 503 with the support email when both the store and the webhook are down', async () => {
    receiver.setFault({ status: 500 });
    const { request } = await testApp({
      store: new DownStore(),
      sinks: [new WebhookSink({ url: receiver.url, secret })],
      env: { SUPPORT_EMAIL: 'help@lumen.example' },
    });
    const response = await request('/v1/handoff', json({ email: 'grace@example.com' }));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'upstream_unavailable', message: expect.stringContaining('help@lumen.example') } });
  });

  it('keeps a stored handoff as queued when the webhook fails, and never follows a redirect', async () => {
    receiver.setFault({ status: 302 });
    const { response, store } = await chatThenHandoff({}, { email: 'ada@example.com' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { reference: string; status: string };
    expect(receiver.attempts).toHaveLength(1);
    const record = await store.getHandoff(body.reference);
    expect(record?.delivery).toBe('disabled');
  });

  it.each([
    ['a missing email', { name: 'Ada' }, 400, /email/],
    ['an invalid email', { email: 'not-an-email' }, 400, /email/],
    ['a name with CRLF', { email: 'a@example.com', name: 'Ada\r\nBcc: x@evil.example' }, 400, /name/],
    ['a name with HTML', { email: 'a@example.com', name: '<img src=x onerror=alert(1)>' }, 400, /name/],
    ['a 10 KB name', { email: 'a@example.com', name: 'A'.repeat(10_000) }, 400, /name: must be at most 120/],
  ])('refuses %s', async (_name, body, status, message) => {
    const { request } = await testApp();
    const response = await request('/v1/handoff', json(body));
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });
});
