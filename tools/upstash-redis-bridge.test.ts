import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedisServerInstalled, REDIS_MISSING_MESSAGE, startRedisServer, type RedisServer } from '../test/redis-server';
import { startBridge, type Bridge } from './upstash-redis-bridge';

const installed = isRedisServerInstalled();
if (!installed) console.warn(REDIS_MISSING_MESSAGE);

describe.skipIf(!installed)('Upstash REST bridge over a real redis-server', () => {
  let server: RedisServer;
  let bridge: Bridge;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedisServer();
    bridge = await startBridge({ redisPort: server.port, token: 'test-token' });
    redis = new Redis({ url: bridge.url, token: 'test-token', enableTelemetry: false, retry: false });
  });
  afterAll(async () => {
    await bridge?.close();
    await server?.stop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${bridge.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: 'Bearer test-token', ...headers } });

  it('refuses a request without the bearer token', async () => {
    const response = await fetch(bridge.url, { method: 'POST', body: '["PING"]', headers: { authorization: 'Bearer wrong' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'Unauthorized' });
  });

  it('round-trips values through the real client, including unicode and JSON objects', async () => {
    await redis.set('bridge:text', 'héllo ✓ 😀');
    await redis.set('bridge:object', { a: [1, 'two'] });
    expect(await redis.get('bridge:text')).toBe('héllo ✓ 😀');
    expect(await redis.get('bridge:object')).toEqual({ a: [1, 'two'] });
    expect(await redis.get('bridge:missing')).toBeNull();
    expect(await redis.incrby('bridge:count', 3)).toBe(3);
  });

  it('base64-encodes strings recursively only when asked, leaving OK plain', async () => {
    const encoded = await post('/pipeline', [['SET', 'bridge:b', 'hi'], ['MGET', 'bridge:b', 'bridge:none'], ['PING']], { 'upstash-encoding': 'base64' });
    expect(await encoded.json()).toEqual([{ result: 'OK' }, { result: ['aGk=', null] }, { result: 'UE9ORw==' }]);
    const plain = await post('/', ['GET', 'bridge:b']);
    expect(await plain.json()).toEqual({ result: 'hi' });
  });

  it('answers a command error as 400 {error}, which the client throws', async () => {
    await redis.set('bridge:string', 'x');
    const response = await post('/', ['LPUSH', 'bridge:string', 'y']);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/^WRONGTYPE/);
    await expect(redis.lpush('bridge:string', 'y')).rejects.toThrow(/WRONGTYPE/);
  });

  it('runs pipelines with per-command errors and transactions atomically', async () => {
    const results = await redis.pipeline().set('bridge:p', '1').lpush('bridge:p', 'x').get('bridge:p').exec({ keepErrors: true });
    expect(results.map((item) => item.error ?? null)).toEqual([null, expect.stringMatching(/WRONGTYPE/), null]);
    expect(await redis.multi().incr('bridge:t').incr('bridge:t').exec()).toEqual([1, 2]);
    expect(bridge.requests.at(-1)).toEqual({ path: '/multi-exec', commands: ['INCR', 'INCR'] });
  });

  it('aborts a transaction whose command cannot be queued', async () => {
    const response = await post('/multi-exec', [['SET', 'bridge:abort', '1'], ['NOSUCHCOMMAND']]);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/EXECABORT/);
    expect(await redis.get('bridge:abort')).toBeNull();
  });

  it('injects 500, 429, delays and dropped sockets, then recovers', async () => {
    bridge.setFault({ status: 500, times: 1 });
    await expect(redis.get('bridge:text')).rejects.toThrow(/injected fault/);
    bridge.setFault({ status: 429, times: 1 });
    await expect(redis.get('bridge:text')).rejects.toThrow(/max requests/);
    // `retry: false` still makes two attempts on a network error, so drop both.
    bridge.setFault({ closeSocket: true, times: 2 });
    await expect(redis.get('bridge:text')).rejects.toThrow();
    bridge.setFault({ delayMs: 150, times: 1 });
    const started = Date.now();
    expect(await redis.get('bridge:text')).toBe('héllo ✓ 😀');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers 500 while redis is down', async () => {
    const lone = await startRedisServer();
    const loneBridge = await startBridge({ redisPort: lone.port, token: 't' });
    try {
      await lone.stop();
      const response = await fetch(loneBridge.url, { method: 'POST', body: '["PING"]', headers: { authorization: 'Bearer t' } });
      expect(response.status).toBe(500);
      expect((await response.json()).error).toMatch(/redis unavailable/);
    } finally {
      await loneBridge.close();
    }
  });
});
