/**
 * Rate limits shared by all isolates, on @upstash/ratelimit sliding windows
 * (per visitor, per site, LLM calls per day) and a daily token counter.
 *
 * Decision: chat fails OPEN when Upstash is slow or failing, but not
 * unlimited. Every call is also counted in a per-isolate MemoryRateLimiter;
 * when Upstash times out (the library answers `reason: "timeout"` after
 * `timeoutMs`) or throws, that local verdict is returned with
 * `reason: "fallback"`. A visitor flooding one isolate is still stopped; the
 * global count is simply looser while Redis is away.
 */
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis/cloudflare';
import type { RateLimiter, RateLimitResult } from '../ports';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { withTimeout } from './resilience';
import { budgetResult, MemoryTokenBudget, utcDay, type TokenBudget } from '../ports/limits';

export interface UpstashRateLimiterOptions {
  /** Names the Redis keys: `sb:rl:{name}:...`. */
  name: string;
  limit: number;
  windowMs: number;
  /** Past this the library gives up and we use the fallback. Default 1000. */
  timeoutMs?: number;
  /** Default: a MemoryRateLimiter with the same limit and window. */
  fallback?: RateLimiter;
  prefix?: string;
}

/** Identifiers already over their limit, per limiter name, kept per isolate so they are refused without a round trip. */
const blockedCache = new Map<string, Map<string, number>>();

export class UpstashRateLimiter implements RateLimiter {
  readonly #ratelimit: Ratelimit;
  readonly #fallback: RateLimiter;
  readonly #name: string;

  constructor(redis: Redis, options: UpstashRateLimiterOptions) {
    const cache = blockedCache.get(options.name) ?? new Map<string, number>();
    blockedCache.set(options.name, cache);
    this.#name = options.name;
    this.#ratelimit = new Ratelimit({
      redis,
      limiter: Ratelimit.slidingWindow(options.limit, `${options.windowMs} ms`),
      prefix: `${options.prefix ?? 'sb:rl'}:${options.name}`,
      timeout: options.timeoutMs ?? 1000,
      ephemeralCache: cache,
      analytics: false,
      enableTelemetry: false,
    });
    this.#fallback = options.fallback ?? new MemoryRateLimiter({ limit: options.limit, windowMs: options.windowMs });
  }

  async limit(key: string): Promise<RateLimitResult> {
    const local = this.#fallback.limit(key);
    try {
      const result = await this.#ratelimit.limit(key);
      if (result.reason === 'timeout') return this.#fallbackResult(await local, 'timeout');
      const { success, limit, remaining, reset, reason } = result;
      return reason ? { success, limit, remaining, reset, reason } : { success, limit, remaining, reset };
    } catch (error) {
      return this.#fallbackResult(await local, error instanceof Error ? error.name : 'error');
    }
  }

  #fallbackResult(local: RateLimitResult, why: string): RateLimitResult {
    console.warn(`[switchboard] rate limit ${this.#name}: Upstash unavailable (${why}); using the per-isolate limit`);
    return { ...local, reason: 'fallback' };
  }
}

export interface UpstashTokenBudgetOptions {
  dailyTokens: number;
  timeoutMs?: number;
  prefix?: string;
  now?: () => number;
}

/** Daily token counter `sb:rl:tokens:{day}:{key}` (kept two days), with a per-isolate fallback. */
export class UpstashTokenBudget implements TokenBudget {
  readonly #redis: Redis;
  readonly #fallback: MemoryTokenBudget;
  readonly #cap: number;
  readonly #timeoutMs: number;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(redis: Redis, options: UpstashTokenBudgetOptions) {
    this.#redis = redis;
    this.#cap = options.dailyTokens;
    this.#timeoutMs = options.timeoutMs ?? 1000;
    this.#prefix = `${options.prefix ?? 'sb:rl'}:tokens`;
    this.#now = options.now ?? Date.now;
    this.#fallback = new MemoryTokenBudget({ dailyTokens: options.dailyTokens, now: this.#now });
  }

  async check(key: string): Promise<RateLimitResult> {
    const now = this.#now();
    try {
      const used = await withTimeout(this.#redis.get<number | string>(this.#key(key, now)), this.#timeoutMs);
      return budgetResult(this.#cap, Number(used ?? 0), now);
    } catch (error) {
      console.warn(`[switchboard] token budget: Upstash unavailable (${(error as Error).name}); using the per-isolate count`);
      return { ...(await this.#fallback.check(key)), reason: 'fallback' };
    }
  }

  async consume(key: string, tokens: number): Promise<void> {
    const amount = Math.max(0, Math.round(tokens));
    await this.#fallback.consume(key, amount);
    const counter = this.#key(key, this.#now());
    try {
      await withTimeout(this.#redis.multi().incrby(counter, amount).expire(counter, 2 * 24 * 60 * 60).exec(), this.#timeoutMs);
    } catch (error) {
      console.warn(`[switchboard] token budget: ${amount} tokens not recorded in Upstash (${(error as Error).name})`);
    }
  }

  #key(key: string, now: number): string {
    return `${this.#prefix}:${utcDay(now)}:${key}`;
  }
}
