/** UpstashRateLimiter and UpstashTokenBudget on a real redis-server via the REST bridge. */
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRedisServerInstalled, REDIS_MISSING_MESSAGE, startRedisServer, type RedisServer } from '../../../test/redis-server';
import { startBridge, type Bridge } from '../../../tools/upstash-redis-bridge';
import { UpstashRateLimiter, UpstashTokenBudget } from './upstash-rate-limiter';

const installed = isRedisServerInstalled();
if (!installed) console.warn(REDIS_MISSING_MESSAGE);

let sequence = 0;
const unique = (name: string) => `${name}-${Date.now().toString(36)}-${(sequence += 1)}`;

describe.skipIf(!installed)('Upstash rate limits on real Redis', () => {
  let server: RedisServer;
  let bridge: Bridge;
  const redis = () => new Redis({ url: bridge.url, token: bridge.token, enableTelemetry: false, retry: { retries: 0 } }) as never;

  beforeAll(async () => {
    server = await startRedisServer();
    bridge = await startBridge({ redisPort: server.port, token: 'rl-token' });
  });
  afterAll(async () => {
    await bridge?.close();
    await server?.stop();
  });
  beforeEach(() => {
    bridge.setFault(null);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => vi.restoreAllMocks();
  });

  it('allows `limit` calls per visitor in the window and shares the count across instances', async () => {
    const name = unique('visitor');
    const first = new UpstashRateLimiter(redis(), { name, limit: 3, windowMs: 60_000 });
    const second = new UpstashRateLimiter(redis(), { name, limit: 3, windowMs: 60_000, fallback: { limit: async () => ({ success: true, limit: 3, remaining: 3, reset: 0 }) } });
    const results = [await first.limit('v1'), await second.limit('v1'), await first.limit('v1'), await second.limit('v1')];
    expect(results.map((result) => result.success)).toEqual([true, true, true, false]);
    expect(results[0]).toMatchObject({ limit: 3, remaining: 2 });
    expect(results[3]!.reset).toBeGreaterThan(Date.now());
    expect((await first.limit('v2')).success).toBe(true);
    expect(bridge.requests.some((request) => request.commands.includes('EVALSHA') || request.commands.includes('EVAL'))).toBe(true);
  });

  it('lets calls through again once the window has slid past', async () => {
    // The window is wide enough that a loaded machine still makes the second call inside it; a sliding
    // window has forgotten a call after two windows.
    const limiter = new UpstashRateLimiter(redis(), { name: unique('site'), limit: 1, windowMs: 1500 });
    expect((await limiter.limit('site')).success).toBe(true);
    expect((await limiter.limit('site')).success).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 3200));
    expect((await limiter.limit('site')).success).toBe(true);
  });

  it('fails open to the per-isolate limit when Upstash is slow', async () => {
    const limiter = new UpstashRateLimiter(redis(), { name: unique('slow'), limit: 2, windowMs: 60_000, timeoutMs: 100 });
    bridge.setFault({ delayMs: 400 });
    const started = Date.now();
    const results = [await limiter.limit('v'), await limiter.limit('v'), await limiter.limit('v')];
    expect(Date.now() - started).toBeLessThan(1000);
    expect(results.map((result) => [result.success, result.reason])).toEqual([
      [true, 'fallback'],
      [true, 'fallback'],
      [false, 'fallback'],
    ]);
  });

  it('fails open to the per-isolate limit on 500 and 429', async () => {
    const limiter = new UpstashRateLimiter(redis(), { name: unique('down'), limit: 1, windowMs: 60_000 });
    bridge.setFault({ status: 500 });
    expect(await limiter.limit('v')).toMatchObject({ success: true, reason: 'fallback' });
    bridge.setFault({ status: 429 });
    expect(await limiter.limit('v')).toMatchObject({ success: false, reason: 'fallback' });
  });

  it('caps tokens per UTC day with a shared counter', async () => {
    const budget = new UpstashTokenBudget(redis(), { dailyTokens: 1000 });
    const other = new UpstashTokenBudget(redis(), { dailyTokens: 1000 });
    const site = unique('site');
    await budget.consume(site, 300);
    await other.consume(site, 500);
    expect(await budget.check(site)).toMatchObject({ success: true, remaining: 200 });
    await other.consume(site, 250);
    expect((await budget.check(site)).success).toBe(false);
    expect((await budget.check(unique('fresh'))).success).toBe(true);
  });

  it('falls back to the per-isolate token count when Upstash fails, and consume never rejects', async () => {
    const budget = new UpstashTokenBudget(redis(), { dailyTokens: 100, timeoutMs: 100 });
    const site = unique('site');
    bridge.setFault({ status: 500 });
    await expect(budget.consume(site, 150)).resolves.toBeUndefined();
    expect(await budget.check(site)).toMatchObject({ success: false, reason: 'fallback' });
    bridge.setFault({ delayMs: 400 });
    expect(await budget.check(unique('other'))).toMatchObject({ success: true, reason: 'fallback' });
  });
});
