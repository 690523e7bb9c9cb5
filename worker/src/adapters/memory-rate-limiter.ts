/**
 * Sliding-window limiter in memory: the embedded default for `npm start`, and
 * the per-isolate fallback when Upstash is slow or down. Create instances at
 * module scope so counts live as long as the isolate. Same approximation as
 * @upstash/ratelimit's slidingWindow: the previous window weighted by how much
 * of it still overlaps, plus the current window.
 */
import type { RateLimiter, RateLimitResult } from '../ports';

export interface MemoryRateLimiterOptions {
  limit: number;
  windowMs: number;
  /** Bound on tracked keys; the oldest are forgotten first. Default 10 000. */
  maxKeys?: number;
  now?: () => number;
}

interface Windows {
  index: number;
  current: number;
  previous: number;
}

export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, Windows>();
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(options: MemoryRateLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 0) throw new RangeError('limit must be a whole number ≥ 0.');
    if (!(options.windowMs > 0)) throw new RangeError('windowMs must be positive.');
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  async limit(key: string): Promise<RateLimitResult> {
    const now = this.#now();
    const index = Math.floor(now / this.#windowMs);
    const windows = this.#advance(key, index);
    const elapsed = (now % this.#windowMs) / this.#windowMs;
    const used = windows.previous * (1 - elapsed) + windows.current;
    const reset = (index + 1) * this.#windowMs;
    if (used + 1 > this.#limit) return { success: false, limit: this.#limit, remaining: 0, reset };
    windows.current += 1;
    return { success: true, limit: this.#limit, remaining: Math.max(0, Math.floor(this.#limit - used - 1)), reset };
  }

  #advance(key: string, index: number): Windows {
    let windows = this.#windows.get(key);
    if (!windows) {
      if (this.#windows.size >= this.#maxKeys) this.#evict(index);
      windows = { index, current: 0, previous: 0 };
      this.#windows.set(key, windows);
    } else if (windows.index !== index) {
      windows.previous = windows.index === index - 1 ? windows.current : 0;
      windows.current = 0;
      windows.index = index;
    }
    return windows;
  }

  /** Drops keys idle for two windows; if none are, the oldest inserted. */
  #evict(index: number): void {
    for (const [key, windows] of this.#windows) if (windows.index < index - 1) this.#windows.delete(key);
    if (this.#windows.size >= this.#maxKeys) {
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
  }
}
