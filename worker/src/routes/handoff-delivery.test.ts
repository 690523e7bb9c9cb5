/**
 * Durable handoff delivery, end to end through the HTTP route, the store
 * outbox, the real queue consumer (on an in-process Queues double) and a real
 * Standard-Webhooks receiver that dedupes by webhook-id.
 */
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isRedisServerInstalled, startRedisServer, type RedisServer } from '../../../test/redis-server';
import { startBridge, type Bridge } from '../../../tools/upstash-redis-bridge';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/webhook-receiver';
import { MemoryStore } from '../adapters/memory-store';
import type { SupportStore } from '../ports/support-store';
import { UpstashRedisStore } from '../adapters/upstash-redis-store';
import { WebhookSink } from '../adapters/webhook-sink';
import { MemoryTokenBudget } from '../ports/limits';
import { deliveryOptions } from '../background';
import type { Dependencies } from '../dependencies';
import { parseConfig } from '../config';
import { requeuePending } from '../services/delivery';
import { json, testApp } from '../../../test/test-support';
import { TestQueue } from '../../../test/test-queue';

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret });
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

/** Rate limits are proven elsewhere; 200 handoffs from one test IP must not trip them. */
function unlimited(): Dependencies['limits'] {
  const open = { limit: async () => ({ success: true, limit: 1e9, remaining: 1e9, reset: 0 }) };
  return { visitor: open, network: open, site: open, siteReserve: open, handoff: open, handoffSite: open, restore: open, staffAuth: open, llmCalls: open, llmTokens: new MemoryTokenBudget({ dailyTokens: 1e9 }) };
}

const env = { HANDOFF_RETRY_BASE_SECONDS: '5', HANDOFF_MAX_ATTEMPTS: '6' };
const config = parseConfig({ ENVIRONMENT: 'test', ...env });

async function setup(options: { store?: SupportStore; sink?: WebhookSink; queue?: TestQueue } = {}) {
  const store = options.store ?? new MemoryStore();
  const queue = options.queue ?? new TestQueue();
  const sinks = [options.sink ?? new WebhookSink({ url: receiver.url, secret })];
  const app = await testApp({ store, sinks, queue, env, limits: unlimited() });
  const delivery = deliveryOptions(config, { store, sinks, queue, log: () => undefined });
  const handoff = async (email = 'ada@example.com') => {
    const response = await app.request('/v1/handoff', json({ email, note: 'Please call back' }));
    expect(response.status).toBe(201);
    return (await response.json()) as { reference: string; status: string };
  };
  return { app, store, queue, delivery, handoff };
}

describe('handoff delivery', () => {
  it('retries with the same webhook-id while the webhook is down, and delivers exactly once when it is back', async () => {
    receiver.setFault({ status: 503, times: 3 });
    const { store, queue, delivery, handoff } = await setup();
    const { reference, status } = await handoff();
    expect(status).toBe('queued');
    expect(queue.sent).toEqual([{ reference, delaySeconds: 5 }]);
    await queue.drain(delivery);
    expect(receiver.attempts).toHaveLength(4);
    expect(new Set(receiver.attempts.map((attempt) => attempt.id)).size).toBe(1);
    expect(receiver.deliveries()).toHaveLength(1);
    expect(receiver.deliveries()[0]?.signatureValid).toBe(true);
    expect(await store.getHandoff(reference)).toMatchObject({ delivery: 'delivered', attempts: 4, destinations: { webhook: 'delivered' } });
    expect(queue.sent.map((item) => item.delaySeconds)).toEqual([5]);
  });

  it('backs off exponentially and gives up after HANDOFF_MAX_ATTEMPTS, keeping the case in the inbox', async () => {
    receiver.setFault({ status: 500 });
    const { store, queue, delivery, handoff } = await setup();
    const { reference } = await handoff();
    await queue.drain(delivery);
    expect(receiver.attempts).toHaveLength(6);
    expect(await store.getHandoff(reference)).toMatchObject({ delivery: 'failed', attempts: 6, lastError: 'webhook: webhook answered 500' });
    expect((await store.listCases(10)).map((item) => item.reference)).toContain(reference);
  });

  it('a 410 disables the destination: no retry, and later handoffs skip it until it is re-enabled', async () => {
    receiver.setFault({ status: 410 });
    const { app, store, queue, handoff } = await setup();
    const first = await handoff();
    expect(first.status).toBe('sent');
    expect(queue.size).toBe(0);
    expect(await store.getHandoff(first.reference)).toMatchObject({ delivery: 'disabled', destinations: { webhook: 'disabled' } });
    expect(Object.keys(await store.disabledDestinations())).toEqual(['webhook']);
    receiver.setFault(null);
    await handoff();
    expect(receiver.attempts).toHaveLength(1);
    const token = 'agent-token-agent-token-agent-token';
    const enable = await app.app.request('/agent/api/destinations/webhook/enable', { method: 'POST', headers: { authorization: `Bearer ${token}` } }, { ...app.env, AGENT_TOKEN: token });
    expect(enable.status).toBe(200);
    await handoff();
    expect(receiver.deliveries()).toHaveLength(1);
  });

  it('does not follow a redirect and does not retry it', async () => {
    receiver.setFault({ status: 302 });
    const { store, queue, handoff } = await setup();
    const { reference } = await handoff();
    expect(receiver.attempts).toHaveLength(1);
    expect(queue.size).toBe(0);
    expect(await store.getHandoff(reference)).toMatchObject({ delivery: 'disabled', lastError: 'webhook: webhook answered 302' });
    expect(await store.disabledDestinations()).toEqual({});
  });

  it('a lost queue message is re-enqueued by the sweep', async () => {
    receiver.setFault({ status: 503, times: 1 });
    const { queue, delivery, handoff } = await setup();
    await handoff();
    queue.lose();
    expect(await requeuePending({ ...delivery, graceMs: 0 })).toBe(1);
    await queue.drain(delivery);
    expect(receiver.deliveries()).toHaveLength(1);
  });

  it('200 handoffs with random webhook failures and lost responses: none lost, none duplicated after dedupe', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let failedBefore = 0;
    let lostAfter = 0;
    const flaky: typeof fetch = async (input, init) => {
      const roll = random();
      if (roll < 0.25) {
        failedBefore += 1;
        return new Response(null, { status: 503 });
      }
      const response = await fetch(input, init);
      if (roll > 0.9) {
        // The receiver got it, but the answer never reached us: the retry is a duplicate the receiver must dedupe.
        lostAfter += 1;
        throw new TypeError('network connection lost');
      }
      return response;
    };
    const { store, queue, delivery, handoff } = await setup({ sink: new WebhookSink({ url: receiver.url, secret, fetch: flaky }), queue: new TestQueue() });
    const references: string[] = [];
    for (let index = 0; index < 200; index++) references.push((await handoff(`visitor${index}@example.com`)).reference);
    await queue.drain(delivery);

    const accepted = receiver.deliveries();
    const deliveredReferences = accepted.map((item) => (item.body as { reference: string }).reference);
    expect(failedBefore).toBeGreaterThan(20);
    expect(lostAfter).toBeGreaterThan(5);
    expect(receiver.attempts.length).toBeGreaterThan(200);
    expect(accepted).toHaveLength(200);
    expect(new Set(deliveredReferences)).toEqual(new Set(references));
    expect(accepted.every((item) => item.signatureValid)).toBe(true);
    expect(await store.listPendingHandoffs(1000)).toEqual([]);
    const records = await Promise.all(references.map((reference) => store.getHandoff(reference)));
    expect(records.every((record) => record?.delivery === 'delivered')).toBe(true);
  });
});

const redisInstalled = isRedisServerInstalled();
describe.skipIf(!redisInstalled)('handoff delivery across a worker restart (real Redis)', () => {
  let server: RedisServer;
  let bridge: Bridge;
  beforeAll(async () => {
    server = await startRedisServer();
    bridge = await startBridge({ redisPort: server.port, token: 'restart-token' });
  });
  afterAll(async () => {
    await bridge?.close();
    await server?.stop();
  });
  const redisStore = () => new UpstashRedisStore(new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false, retry: { retries: 0 } }) as never, { ttlDays: 1 });

  it('a second worker over the same Redis picks up a handoff the first accepted but never delivered', async () => {
    receiver.setFault({ status: 503, times: 1 });
    const first = await setup({ store: redisStore() });
    const { reference, status } = await first.handoff();
    expect(status).toBe('queued');
    // The first isolate dies with its queue message (a local queue's in-flight state is gone).
    first.queue.lose();
    expect(receiver.deliveries()).toHaveLength(0);
    // It comes back two minutes later: past the sweep's grace period for in-flight handoffs.
    await first.store.updateHandoff(reference, { createdAt: Date.now() - 120_000 });

    const second = await setup({ store: redisStore() });
    const waits: Promise<unknown>[] = [];
    const context = { waitUntil: (promise: Promise<unknown>) => waits.push(promise), passThroughOnException: () => undefined, props: {} };
    // The restarted isolate's first request sweeps the outbox (pending longer than the grace period).
    const response = await second.app.app.request('/v1/health', {}, { ...second.app.env, HANDOFF_RETRY_BASE_SECONDS: '5' }, context as never);
    expect(response.status).toBe(200);
    await Promise.all(waits);
    expect(second.queue.sent).toEqual([{ reference, delaySeconds: 0 }]);
    await second.queue.drain(second.delivery);
    expect(receiver.deliveries().map((item) => (item.body as { reference: string }).reference)).toEqual([reference]);
    expect(await second.store.getHandoff(reference)).toMatchObject({ delivery: 'delivered', attempts: 2 });
  });
});
