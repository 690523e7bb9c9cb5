/**
 * Timeout, retry and circuit breaker for calls to a remote store, in one
 * place: the Upstash Redis store runs every operation through `resilient`,
 * and the Upstash token budget bounds its calls with `withTimeout`. The
 * Redis client itself does not retry (dependencies.ts): retries happen here
 * only, so their worst case is known (ports/support-store.ts, storeCallWorstMs).
 */

/** The waits between attempts: `[]` is one attempt, `[50]` two attempts 50 ms apart. */
export interface RetryPolicy {
  backoffMs: readonly number[];
}

export const ONCE: RetryPolicy = { backoffMs: [] };

/** Rejects with a `TimeoutError` when `promise` has not settled within `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * After `failures` calls in a row fail, calls fail fast for `openMs`, then are
 * tried again; any success closes it.
 */
export class CircuitBreaker {
  readonly #failures: number;
  readonly #openMs: number;
  #failed = 0;
  #openUntil = 0;

  constructor(options: { failures: number; openMs: number }) {
    this.#failures = options.failures;
    this.#openMs = options.openMs;
  }

  get open(): boolean {
    return Date.now() < this.#openUntil;
  }

  succeeded(): void {
    this.#failed = 0;
    this.#openUntil = 0;
  }

  failed(): void {
    this.#failed += 1;
    if (this.#failed >= this.#failures) this.#openUntil = Date.now() + this.#openMs;
  }
}

export interface ResilientOptions {
  /** Each attempt is cut off after this long. */
  timeoutMs: number;
  policy?: RetryPolicy;
  breaker?: CircuitBreaker;
  /** Try even while the breaker is open (a call worth the wait, such as saving a handoff). */
  throughOpenCircuit?: boolean;
}

/** `attempt` under its retry policy, each try bounded by `timeoutMs`, failing fast while the breaker is open. */
export async function resilient<T>(attempt: () => Promise<T>, options: ResilientOptions): Promise<T> {
  const { breaker, policy = ONCE } = options;
  // While the remote keeps failing, fail fast instead of making every request wait out its timeouts.
  if (breaker?.open && !options.throughOpenCircuit) throw Object.assign(new Error('circuit open after repeated Redis failures'), { name: 'CircuitOpenError' });
  for (let index = 0; ; index += 1) {
    try {
      const result = await withTimeout(attempt(), options.timeoutMs);
      breaker?.succeeded();
      return result;
    } catch (error) {
      const backoff = policy.backoffMs[index];
      if (backoff === undefined) {
        breaker?.failed();
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, backoff));
    }
  }
}
