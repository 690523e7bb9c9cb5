/**
 * The HandoffQueue port on a Cloudflare Queues producer binding
 * (wrangler.toml `[[queues.producers]]` HANDOFF_QUEUE). `wrangler dev` runs the
 * queue and its consumer locally, so retries are real under `npm start` too.
 * It carries handoff references and store writes to replay; a message body is
 * capped at 128 KB, far above one conversation record or message.
 */
import type { HandoffQueue, QueueTask } from '../ports';

/** The part of the Workers `Queue` binding we use. */
export interface QueueBinding {
  send(body: unknown, options?: { delaySeconds?: number; contentType?: 'json' }): Promise<void>;
}

export class CloudflareHandoffQueue implements HandoffQueue {
  readonly #queue: QueueBinding;

  constructor(queue: QueueBinding) {
    this.#queue = queue;
  }

  send(message: QueueTask, options: { delaySeconds?: number } = {}): Promise<void> {
    // Queues caps a delay at 12 hours.
    const delaySeconds = Math.max(0, Math.min(43_200, Math.round(options.delaySeconds ?? 0)));
    return this.#queue.send(message, { contentType: 'json', ...(delaySeconds ? { delaySeconds } : {}) });
  }
}
