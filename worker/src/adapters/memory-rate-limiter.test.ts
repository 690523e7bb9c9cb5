import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter';
import { MemoryTokenBudget } from '../ports/limits';

describe('MemoryRateLimiter', () => {
  it('allows `limit` calls per window, then refuses with the window end as reset', async () => {
    let now = 60_000;
    const limiter = new MemoryRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    const results = [];
    for (let call = 0; call < 4; call += 1) results.push(await limiter.limit('visitor'));
    expect(results.map((result) => result.success)).toEqual([true, true, true, false]);
    expect(results.map((result) => result.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]).toMatchObject({ limit: 3, reset: 120_000 });
    now += 1;
    expect((await limiter.limit('other')).success).toBe(true);
  });

  it('weights the previous window by its overlap (sliding, not fixed)', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ limit: 4, windowMs: 1000, now: () => now });
    for (let call = 0; call < 4; call += 1) await limiter.limit('k');
    now = 1250; // 75% of the previous window still counts: 3 used
    expect((await limiter.limit('k')).success).toBe(true);
    expect((await limiter.limit('k')).success).toBe(false);
    now = 2999; // previous window (1 call) nearly gone, older one forgotten
    expect((await limiter.limit('k')).success).toBe(true);
  });

  it('forgets the oldest keys beyond maxKeys', async () => {
    const limiter = new MemoryRateLimiter({ limit: 1, windowMs: 60_000, maxKeys: 2, now: () => 0 });
    await limiter.limit('a');
    await limiter.limit('b');
    await limiter.limit('c');
    expect((await limiter.limit('a')).success).toBe(true);
    expect((await limiter.limit('c')).success).toBe(false);
  });
});

describe('MemoryTokenBudget', () => {
  it('refuses once the day’s tokens are spent and starts again the next UTC day', async () => {
    let now = Date.UTC(2026, 0, 1, 23, 0);
    const budget = new MemoryTokenBudget({ dailyTokens: 1000, now: () => now });
    await budget.consume('site', 600);
    expect(await budget.check('site')).toMatchObject({ success: true, remaining: 400, reset: Date.UTC(2026, 0, 2) });
    await budget.consume('site', 400);
    expect((await budget.check('site')).success).toBe(false);
    now = Date.UTC(2026, 0, 2, 0, 1);
    expect(await budget.check('site')).toMatchObject({ success: true, remaining: 1000 });
  });
});
