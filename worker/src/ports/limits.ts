/**
 * A daily cap on LLM tokens, counted after each call (the cost is only known
 * then) and checked before the next one. Days are UTC.
 */
import type { RateLimitResult } from '../ports';

export interface TokenBudget {
  /** Whether `key` may spend more tokens today; `remaining` is in tokens. */
  check(key: string): Promise<RateLimitResult>;
  /** Record tokens spent; never rejects (safe to hand to waitUntil). */
  consume(key: string, tokens: number): Promise<void>;
}

/**
 * The site's daily LLM caps, asked before each LLM call of a turn.
 *
 * @example
 * const model = (await allowance.mayGenerate()) ? dependencies.model : undefined;
 */
export interface LlmAllowance {
  /** Whether the structured triage call may run (the token cap); false: the offline triage alone. */
  mayTriage(): Promise<boolean>;
  /** Whether the answer may be generated (the token and call caps; counts a call when it says yes); false: excerpts. */
  mayGenerate(): Promise<boolean>;
  /** Count the tokens a turn's model call spent (estimated); never rejects. */
  spend(tokens: number): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function utcDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function nextUtcMidnight(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
}

export function budgetResult(cap: number, used: number, now: number): RateLimitResult {
  return { success: used < cap, limit: cap, remaining: Math.max(0, cap - used), reset: nextUtcMidnight(now) };
}

/** The embedded default and the per-isolate fallback of the Upstash budget. */
export class MemoryTokenBudget implements TokenBudget {
  readonly #used = new Map<string, number>();
  readonly #cap: number;
  readonly #now: () => number;

  constructor(options: { dailyTokens: number; now?: () => number }) {
    this.#cap = options.dailyTokens;
    this.#now = options.now ?? Date.now;
  }

  async check(key: string): Promise<RateLimitResult> {
    const now = this.#now();
    return budgetResult(this.#cap, this.#used.get(`${utcDay(now)}:${key}`) ?? 0, now);
  }

  async consume(key: string, tokens: number): Promise<void> {
    const day = utcDay(this.#now());
    for (const stored of this.#used.keys()) if (!stored.startsWith(`${day}:`)) this.#used.delete(stored);
    const slot = `${day}:${key}`;
    this.#used.set(slot, (this.#used.get(slot) ?? 0) + Math.max(0, Math.round(tokens)));
  }
}
