import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker, resilient, withTimeout } from './resilience';

afterEach(() => void vi.useRealTimers());

/** An attempt that fails `failures` times, then answers `ok`; it counts its calls. */
function flaky(failures: number) {
  const calls = { count: 0 };
  const attempt = async () => {
    calls.count += 1;
    if (calls.count <= failures) throw new Error('connection refused');
    return 'ok';
  };
  return { calls, attempt };
}

describe('the resilience helper', () => {
  it('cuts an attempt off at timeoutMs with a TimeoutError', async () => {
    vi.useFakeTimers();
    const late = withTimeout(new Promise((resolve) => setTimeout(resolve, 5_000)), 100).catch((error: Error) => error);
    await vi.advanceTimersByTimeAsync(100);
    expect(await late).toMatchObject({ name: 'TimeoutError', message: 'no answer within 100 ms' });
  });

  it('retries after each backoff of its policy, then gives up with the last error', async () => {
    const once = flaky(1);
    expect(await resilient(once.attempt, { timeoutMs: 1_000, policy: { backoffMs: [1] } })).toBe('ok');
    expect(once.calls.count).toBe(2);
    const always = flaky(10);
    await expect(resilient(always.attempt, { timeoutMs: 1_000, policy: { backoffMs: [1, 1] } })).rejects.toThrow('connection refused');
    expect(always.calls.count).toBe(3);
  });

  it('opens the circuit after repeated failures and fails fast until it has been open openMs; a call worth the wait goes through', async () => {
    vi.useFakeTimers();
    const breaker = new CircuitBreaker({ failures: 3, openMs: 10_000 });
    const down = flaky(100);
    for (let index = 0; index < 3; index += 1) await expect(resilient(down.attempt, { timeoutMs: 1_000, breaker })).rejects.toThrow('connection refused');
    await expect(resilient(down.attempt, { timeoutMs: 1_000, breaker })).rejects.toMatchObject({ name: 'CircuitOpenError' });
    expect(down.calls.count).toBe(3);
    expect(await resilient(async () => 'saved', { timeoutMs: 1_000, breaker, throughOpenCircuit: true })).toBe('saved');
    // That success closed it.
    expect(breaker.open).toBe(false);
    for (let index = 0; index < 3; index += 1) await expect(resilient(down.attempt, { timeoutMs: 1_000, breaker })).rejects.toThrow();
    expect(breaker.open).toBe(true);
    vi.advanceTimersByTime(10_001);
    expect(breaker.open).toBe(false);
  });

  it('is the only timeout helper among the adapters', () => {
    const folder = import.meta.dirname;
    const defining = readdirSync(folder)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .filter((name) => /function withTimeout|class CircuitBreaker|#openUntil/.test(readFileSync(join(folder, name), 'utf8')));
    expect(defining).toEqual(['resilience.ts']);
  });
});
