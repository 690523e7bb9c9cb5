/**
 * UpstashRedisStore against a real redis-server, through the Upstash REST
 * bridge, with the real @upstash/redis client. Skips when redis-server is missing.
 */
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isRedisServerInstalled, REDIS_MISSING_MESSAGE, startRedisServer, type RedisServer } from '../../../test/redis-server';
import { startBridge, type Bridge } from '../../../tools/upstash-redis-bridge';
import { describeStoreContract } from '../../../test/store-contract';
import { StoreError, toStoreError } from './store-error';
import { UpstashRedisStore } from './upstash-redis-store';
import { saveOrReplay } from '../services/store-replay';
import { TestQueue } from '../../../test/test-queue';

const installed = isRedisServerInstalled();
if (!installed) console.warn(REDIS_MISSING_MESSAGE);

const SECRET = 'my card number is 4242';
let server: RedisServer;
let bridge: Bridge;

const client = (options: { automaticDeserialization?: boolean; signal?: () => AbortSignal } = {}) =>
  new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false, retry: { retries: 0 }, ...options }) as never;

describe.skipIf(!installed)('UpstashRedisStore on real Redis', () => {
  beforeAll(async () => {
    server = await startRedisServer();
    bridge = await startBridge({ redisPort: server.port, token: 'store-token' });
  });
  afterAll(async () => {
    await bridge?.close();
    await server?.stop();
  });

  describeStoreContract('UpstashRedisStore', ({ ttlDays }) => new UpstashRedisStore(client(), { ttlDays }));
  describeStoreContract('UpstashRedisStore without automatic deserialization', ({ ttlDays }) =>
    new UpstashRedisStore(client({ automaticDeserialization: false }), { ttlDays }),
  );

  describe('faults', () => {
    const conversation = { id: 'fault-c', tokenHash: 'h', createdAt: 1, updatedAt: 1, status: 'ai' as const };
    const message = { id: 'fault-m', role: 'visitor' as const, text: SECRET, at: 2 };
    const store = () => new UpstashRedisStore(client(), { ttlDays: 1, timeoutMs: 300 });
    const countSince = (start: number) => bridge.requests.length - start;

    it('retries a message append once after a 500, storing it once', async () => {
      const subject = store();
      await subject.createConversation(conversation);
      bridge.setFault({ status: 500, times: 1 });
      const start = bridge.requests.length;
      await subject.appendMessage(conversation.id, message);
      expect(countSince(start)).toBe(2);
      expect(await subject.getMessages(conversation.id)).toEqual([message]);
    });

    it('replays an append Redis refused from the queue once it is back: stored once, in `at` order', async () => {
      const subject = store();
      const id = 'replay-c';
      await subject.createConversation({ ...conversation, id });
      const queue = new TestQueue();
      const options = { store: subject, sinks: [], queue, retryBaseSeconds: 1, maxAttempts: 5 };
      const early = { id: 'replay-m1', role: 'visitor' as const, text: 'first', at: 10 };
      const later = { id: 'replay-m2', role: 'assistant' as const, text: 'second', at: 20 };
      bridge.setFault({ status: 500, times: 2 });
      expect(await saveOrReplay({ type: 'append-message', conversationId: id, message: early }, options)).toBe('queued');
      await subject.appendMessage(id, later);
      // The refused write reached Redis after all (a timeout after the command ran): the replay must not double it.
      await subject.appendMessage(id, early);
      await queue.drain(options);
      expect(await subject.getMessages(id)).toEqual([early, later]);
      expect(await (client() as Redis).lrange('sb:msgs:replay-c', 0, -1)).toHaveLength(2);
      expect((await subject.getConversation(id))?.updatedAt).toBe(later.at);
    });

    it('reports an append that fails twice, without the message text', async () => {
      bridge.setFault({ status: 500, times: 2 });
      const error = await store().appendMessage(conversation.id, { ...message, id: 'fault-m2' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).operation).toBe('appendMessage');
      expect(JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause), stack: ((error as Error).cause as Error).stack })).not.toContain(SECRET);
    });

    it('retries a handoff save with backoff on 429 and throws when it keeps failing, so the caller can deliver directly', async () => {
      bridge.setFault({ status: 429 });
      const start = bridge.requests.length;
      const record = { reference: 'H-fault', idempotencyId: 'i', createdAt: 1, delivery: 'pending' as const, attempts: 0, packet: { note: SECRET } };
      const error = await store().saveHandoff(record).catch((caught: unknown) => caught);
      bridge.setFault(null);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/max requests/);
      expect((error as Error).message).not.toContain(SECRET);
      expect(countSince(start)).toBe(3);
    });

    it('saves a handoff when only the first attempts are refused', async () => {
      bridge.setFault({ status: 429, times: 2 });
      const subject = store();
      const record = { reference: 'H-late', idempotencyId: 'i', createdAt: 1, delivery: 'pending' as const, attempts: 0, packet: {} };
      await subject.saveHandoff(record);
      expect(await subject.getHandoff('H-late')).toEqual(record);
    });

    it('degrades chat history to [] on 5xx and keeps counters from throwing', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      bridge.setFault({ status: 503 });
      try {
        await expect(store().getMessages(conversation.id)).resolves.toEqual([]);
        await expect(store().increment('answers')).resolves.toBeUndefined();
        await expect(store().getConversation(conversation.id)).rejects.toBeInstanceOf(StoreError);
      } finally {
        bridge.setFault(null);
        warn.mockRestore();
      }
      expect(warn.mock.calls.flat().join(' ')).not.toContain(SECRET);
    });

    it('gives up on a slow server after timeoutMs', async () => {
      bridge.setFault({ delayMs: 1000, times: 2 });
      const started = Date.now();
      const error = await store().getConversation(conversation.id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/TimeoutError/);
      expect(Date.now() - started).toBeLessThan(900);
    });

    it('gives up through the client’s own signal function too', async () => {
      // getHandoff retries once, so both attempts must be slow.
      bridge.setFault({ delayMs: 1000, times: 2 });
      const subject = new UpstashRedisStore(client({ signal: () => AbortSignal.timeout(100) }), { ttlDays: 1, timeoutMs: 5000 });
      const started = Date.now();
      await expect(subject.getHandoff('H-late')).rejects.toBeInstanceOf(StoreError);
      expect(Date.now() - started).toBeLessThan(900);
    });

    it('fails fast for a while after three operations in a row fail, but still tries a handoff', async () => {
      const subject = store();
      bridge.setFault({ delayMs: 1000 });
      try {
        for (let index = 0; index < 3; index++) await subject.getCase('slow').catch(() => undefined);
        const started = Date.now();
        const before = bridge.requests.length;
        await expect(subject.getConversation(conversation.id)).rejects.toThrow(/circuit open/);
        expect(Date.now() - started).toBeLessThan(50);
        expect(bridge.requests.length).toBe(before);
        bridge.setFault(null);
        await subject.saveHandoff({ reference: 'H-breaker', idempotencyId: 'H-breaker', createdAt: 1, delivery: 'pending', attempts: 0, packet: {} });
        expect(await subject.getHandoff('H-breaker')).toMatchObject({ reference: 'H-breaker' });
      } finally {
        bridge.setFault(null);
      }
    });

    it('throws StoreError while Redis itself is down', async () => {
      const lone = await startRedisServer();
      const loneBridge = await startBridge({ redisPort: lone.port, token: 't' });
      const subject = new UpstashRedisStore(new Redis({ url: loneBridge.url, token: 't', enableTelemetry: false, retry: { retries: 0 } }) as never, { ttlDays: 1 });
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      try {
        await subject.createConversation(conversation);
        await lone.stop();
        await expect(subject.appendMessage(conversation.id, message)).rejects.toThrow(/redis unavailable/);
        await expect(subject.getMessages(conversation.id)).resolves.toEqual([]);
      } finally {
        warn.mockRestore();
        await loneBridge.close();
      }
    });
  });
});

describe('toStoreError', () => {
  it('keeps the command name and drops its arguments', () => {
    const vendor = new Error(`WRONGTYPE Operation against a key, command was: ["rpush","sb:msgs:c","${SECRET}"]`);
    vendor.name = 'UpstashError';
    const error = toStoreError('appendMessage', vendor);
    expect(error.message).toBe('store appendMessage failed (RPUSH): WRONGTYPE Operation against a key');
    expect(String(error.cause)).not.toContain(SECRET);
    expect((error.cause as Error).stack).not.toContain(SECRET);
  });

  it('drops the arguments Redis echoes for an unknown command', () => {
    const error = toStoreError('x', new Error(`ERR unknown command 'nope', with args beginning with: '${SECRET}'`));
    expect(error.message).not.toContain(SECRET);
  });
});
