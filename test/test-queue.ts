/**
 * TEST DOUBLE: Cloudflare Queues semantics in process, on a virtual clock, so
 * delivery tests run the real consumer (background.ts handleQueue) through
 * retries and backoff in milliseconds. Like Queues: a message is redelivered
 * after `retry({ delaySeconds })`, and after `maxRetries` retries it moves to
 * the dead-letter queue. `lose()` drops every queued message, as a restart of
 * a local queue between enqueueing and consuming would. It carries both kinds
 * of task: handoff references and store writes to replay.
 */
import { HANDOFF_DEAD_LETTER_QUEUE_NAME, HANDOFF_QUEUE_NAME, handleQueue, type QueueMessage } from '../worker/src/background';
import type { HandoffQueue, QueueTask } from '../worker/src/ports';
import type { DeliveryOptions } from '../worker/src/services/delivery';

interface Entry {
  body: QueueTask;
  visibleAt: number;
  attempts: number;
  queue: string;
}

export class TestQueue implements HandoffQueue {
  readonly sent: (QueueTask & { delaySeconds: number })[] = [];
  /** Handoff references, or `store-write` for a dead-lettered store write. */
  readonly deadLettered: string[] = [];
  #entries: Entry[] = [];
  #now = 0;
  readonly #maxRetries: number;

  constructor(options: { maxRetries?: number } = {}) {
    this.#maxRetries = options.maxRetries ?? 20;
  }

  async send(message: QueueTask, options: { delaySeconds?: number } = {}): Promise<void> {
    const delaySeconds = options.delaySeconds ?? 0;
    // A copy through JSON, as Queues serialises the body.
    const body = JSON.parse(JSON.stringify(message)) as QueueTask;
    this.sent.push({ ...body, delaySeconds });
    this.#entries.push({ body, visibleAt: this.#now + delaySeconds, attempts: 0, queue: HANDOFF_QUEUE_NAME });
  }

  get size(): number {
    return this.#entries.length;
  }

  lose(): void {
    this.#entries = [];
  }

  /** Advance the clock to the next visible message and consume everything visible; false when the queue is empty. */
  async step(options: DeliveryOptions): Promise<boolean> {
    if (this.#entries.length === 0) return false;
    this.#now = Math.max(this.#now, Math.min(...this.#entries.map((entry) => entry.visibleAt)));
    const visible = this.#entries.filter((entry) => entry.visibleAt <= this.#now);
    this.#entries = this.#entries.filter((entry) => entry.visibleAt > this.#now);
    for (const queue of [HANDOFF_QUEUE_NAME, HANDOFF_DEAD_LETTER_QUEUE_NAME]) {
      const batch = visible.filter((entry) => entry.queue === queue);
      if (batch.length === 0) continue;
      const messages: QueueMessage[] = batch.map((entry) => ({
        body: entry.body,
        attempts: entry.attempts + 1,
        ack: () => {
          if (queue === HANDOFF_DEAD_LETTER_QUEUE_NAME) this.deadLettered.push('reference' in entry.body ? entry.body.reference : 'store-write');
        },
        retry: ({ delaySeconds = 0 } = {}) => {
          const attempts = entry.attempts + 1;
          const dead = queue === HANDOFF_QUEUE_NAME && attempts > this.#maxRetries;
          this.#entries.push({ ...entry, attempts: dead ? 0 : attempts, visibleAt: this.#now + delaySeconds, queue: dead ? HANDOFF_DEAD_LETTER_QUEUE_NAME : queue });
        },
      }));
      await handleQueue({ queue, messages }, options);
    }
    return true;
  }

  /** Consume until the queue is empty (or `maxSteps`); returns the steps taken. */
  async drain(options: DeliveryOptions, maxSteps = 1000): Promise<number> {
    let steps = 0;
    while (steps < maxSteps && (await this.step(options))) steps += 1;
    return steps;
  }
}
