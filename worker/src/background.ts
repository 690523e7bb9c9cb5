/**
 * The worker's non-HTTP entry points: the queue consumer (handoff deliveries
 * and store writes to replay) and its dead-letter consumer, the cron sweep,
 * and the sweep an isolate runs once on its first request. They compose
 * config and dependencies the same way the HTTP app does, and leave the
 * judgement to services/delivery.ts and services/store-replay.ts.
 */
import type { MiddlewareHandler } from 'hono';
import { configFrom } from './config';
import { resolveDependencies } from './dependencies';
import type { AppEnv, Bindings } from './env';
import { consumeHandoff, markDeadLettered, requeuePending, type DeliveryOptions } from './services/delivery';
import { consumeStoreWrite } from './services/store-replay';
import { deliveryOptions, waitUntilOf } from './routes/replay-options';
import { describeWrite, storeWriteOf } from './services/store-write';
import type { StoreWrite } from './ports';
import type { Config } from './config';
import type { Dependencies } from './dependencies';
import { runDocsSync } from './crawl/docs-sync';

export { deliveryOptions } from './routes/replay-options';

/** wrangler.toml: the queue and its dead-letter queue. */
export const HANDOFF_QUEUE_NAME = 'switchboard-handoffs';
export const HANDOFF_DEAD_LETTER_QUEUE_NAME = 'switchboard-handoffs-dlq';

/** The parts of the Workers queue API we use. */
export interface QueueMessage {
  body: unknown;
  attempts: number;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}
export interface QueueBatch {
  queue: string;
  messages: readonly QueueMessage[];
}
interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

/** A handoff to deliver: no kind (as before kinds existed) or `handoff`, and a well-formed reference. */
function handoffOf(body: unknown): string | undefined {
  const kind = (body as { kind?: unknown } | null)?.kind;
  if (kind !== undefined && kind !== 'handoff') return undefined;
  const reference = (body as { reference?: unknown } | null)?.reference;
  return typeof reference === 'string' && /^HO-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(reference) ? reference : undefined;
}

/** For logs: a message's kind when it looks like one, never free text from the body. */
function kindOf(body: unknown): string {
  const kind = (body as { kind?: unknown } | null)?.kind;
  if (kind === undefined) return 'none';
  return typeof kind === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(kind) ? kind : 'unreadable';
}

/** Queue consumer: one delivery attempt or store replay per message; Queues itself schedules the retries. */
export async function handleQueue(batch: QueueBatch, options: DeliveryOptions): Promise<void> {
  const deadLetters = batch.queue === HANDOFF_DEAD_LETTER_QUEUE_NAME;
  for (const message of batch.messages) {
    const write = storeWriteOf(message.body);
    if (write) {
      await replayStoreWrite(message, write, deadLetters, options);
      continue;
    }
    const reference = handoffOf(message.body);
    if (!reference) {
      // From a newer deploy, or malformed: retrying would not make it understood. Logged by its kind only.
      options.log?.(`queue message not handled (kind ${kindOf(message.body)}); acknowledged`);
      message.ack();
      continue;
    }
    if (deadLetters) {
      await markDeadLettered(reference, options).then(
        () => message.ack(),
        () => message.retry(),
      );
      continue;
    }
    const result = await consumeHandoff(reference, options);
    if (result.action === 'ack') message.ack();
    else message.retry({ delaySeconds: result.delaySeconds });
  }
}

async function replayStoreWrite(message: QueueMessage, write: StoreWrite, deadLetters: boolean, options: DeliveryOptions): Promise<void> {
  if (deadLetters) {
    options.log?.(`${describeWrite(write)}: dead-lettered; not saved`);
    message.ack();
    return;
  }
  const result = await consumeStoreWrite(write, message.attempts, options);
  if (result.action === 'ack') message.ack();
  else message.retry({ delaySeconds: result.delaySeconds });
}

export function queueHandler(batch: QueueBatch, env: Bindings): Promise<void> {
  const config = configFrom(env);
  return handleQueue(batch, deliveryOptions(config, resolveDependencies(env, config)));
}

/** Cron trigger (production): re-enqueue handoffs whose queue message was lost, and carry the docs sync on. */
export function scheduledHandler(controller: { scheduledTime?: number } | undefined, env: Bindings, context: WaitUntil): void {
  const config = configFrom(env);
  const dependencies = resolveDependencies(env, config);
  context.waitUntil(requeuePending(deliveryOptions(config, dependencies)).catch(() => 0));
  // Apart from the sweep: a docs site that fails never holds up handoffs.
  if (dependencies.docsSync) context.waitUntil(syncDocs(config, dependencies, new Date(controller?.scheduledTime ?? Date.now())));
}

/** One tick of the docs sync (DOCS_SYNC_URL); a failure is logged and the next tick tries again. */
export async function syncDocs(config: Config, dependencies: Dependencies, now = new Date()): Promise<void> {
  const sync = dependencies.docsSync;
  if (!sync || !config.docsSyncUrl) return;
  try {
    await runDocsSync({ url: config.docsSyncUrl, cron: config.docsSyncCron, pagesPerRun: config.docsSyncPagesPerRun, state: sync.state, index: sync.index, now, log: dependencies.log });
  } catch (error) {
    dependencies.log(`docs sync tick failed (${error instanceof Error ? error.name : 'error'}); the next cron tick carries on`);
  }
}

/**
 * On an isolate's first request, sweep the outbox once in the background: a
 * restart between saving a handoff and enqueueing it must not lose it, and
 * `wrangler dev` does not fire crons by itself. Per app instance, not a timer.
 */
export function sweepOnFirstRequest(): MiddlewareHandler<AppEnv> {
  let swept = false;
  return async function sweepOutbox(c, next) {
    if (!swept) {
      swept = true;
      waitUntilOf(c)?.(requeuePending(deliveryOptions(c.get('config'), c.get('dependencies'))).catch(() => 0));
    }
    await next();
  };
}
