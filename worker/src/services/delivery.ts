/**
 * Handoff delivery: at-least-once, from the outbox in the store.
 *
 * The engine is Cloudflare Queues. A handoff is saved as `pending` before the
 * visitor sees a reference; one attempt runs inline (fast path), and whatever
 * is still pending goes on the queue with a growing delay. The consumer
 * re-reads the record, tries the destinations not yet reached, and asks the
 * queue to retry. Why Queues and not a Cron sweep: `wrangler dev` (npm start)
 * runs queue consumers locally with real retries, delays and a dead-letter
 * queue, while cron triggers only fire there when called by hand; so the
 * retries a visitor depends on run the same way in development and
 * production. A sweep (`requeuePending`) still runs on a cron in production
 * and on an isolate's first request, to re-enqueue handoffs whose queue
 * message was lost (a restart between saving and enqueueing).
 *
 * Every attempt sends the record's one `idempotencyId`, so receivers dedupe.
 * A 410 disables that destination for good (until re-enabled in the inbox);
 * a redirect is never followed and counts as a permanent failure.
 */
import type { SupportStore } from '../ports/support-store';
import type { HandoffDelivery, HandoffQueue, HandoffRecord, HandoffSink } from '../ports';
import { errorName } from '../log/log-line';

export interface DeliveryOptions {
  store: SupportStore;
  sinks: HandoffSink[];
  queue?: HandoffQueue;
  /** HANDOFF_RETRY_BASE_SECONDS: the first retry delay; doubled each attempt, capped at an hour. */
  retryBaseSeconds: number;
  /** HANDOFF_MAX_ATTEMPTS: after this many attempts the record is marked `failed`. */
  maxAttempts: number;
  log?: (line: string) => void;
  now?: () => number;
}

export interface AttemptOutcome {
  delivery: HandoffDelivery;
  destinations: Record<string, HandoffDelivery>;
  lastError?: string;
}

/** Delay before attempt `attempts + 1`. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(3600, baseSeconds * 2 ** Math.max(0, attempts - 1));
}

/**
 * One attempt at every destination not yet reached. Pure in its inputs:
 * callers persist the outcome.
 */
export async function attemptDestinations(
  packet: unknown,
  idempotencyId: string,
  sinks: HandoffSink[],
  previous: Record<string, HandoffDelivery> = {},
  disabled: Record<string, string> = {},
): Promise<AttemptOutcome & { gone: string[] }> {
  const destinations: Record<string, HandoffDelivery> = { ...previous };
  const errors: string[] = [];
  const gone: string[] = [];
  await Promise.all(
    sinks.map(async (sink) => {
      const state = destinations[sink.name];
      if (state === 'delivered' || state === 'disabled') return;
      if (disabled[sink.name]) {
        destinations[sink.name] = 'disabled';
        return;
      }
      const result = await sink.deliver(packet, idempotencyId);
      if (result.ok) destinations[sink.name] = 'delivered';
      else if (result.permanent) {
        destinations[sink.name] = 'disabled';
        if (result.status === 410) gone.push(sink.name);
        errors.push(`${sink.name}: ${result.error ?? 'refused'}`);
      } else {
        destinations[sink.name] = 'pending';
        errors.push(`${sink.name}: ${result.error ?? 'failed'}`);
      }
    }),
  );
  return { delivery: overall(sinks, destinations), destinations, gone, ...(errors.length ? { lastError: errors.join('; ') } : {}) };
}

function overall(sinks: HandoffSink[], destinations: Record<string, HandoffDelivery>): HandoffDelivery {
  if (sinks.length === 0) return 'none';
  const states = sinks.map((sink) => destinations[sink.name]);
  if (states.some((state) => state === 'pending' || state === undefined)) return 'pending';
  return states.some((state) => state === 'delivered') ? 'delivered' : 'disabled';
}

async function disabledDestinations(options: DeliveryOptions): Promise<Record<string, string>> {
  return options.store.disabledDestinations().catch(() => ({}));
}

/** Attempt a stored record once and persist the outcome; returns the updated record. */
export async function attemptStored(record: HandoffRecord, options: DeliveryOptions): Promise<HandoffRecord> {
  const outcome = await attemptDestinations(record.packet, record.idempotencyId, options.sinks, record.destinations, await disabledDestinations(options));
  for (const name of outcome.gone) {
    options.log?.(`destination ${name} answered 410 Gone: disabled until re-enabled in the inbox`);
    await options.store.setDestinationDisabled(name, `answered 410 Gone at ${new Date((options.now ?? Date.now)()).toISOString()}`).catch(() => undefined);
  }
  const attempts = record.attempts + 1;
  const exhausted = outcome.delivery === 'pending' && attempts >= options.maxAttempts;
  const updated: HandoffRecord = {
    ...record,
    attempts,
    destinations: outcome.destinations,
    delivery: exhausted ? 'failed' : outcome.delivery,
    ...(outcome.lastError ? { lastError: outcome.lastError } : {}),
  };
  await options.store.updateHandoff(record.reference, { attempts, destinations: updated.destinations, delivery: updated.delivery, lastError: updated.lastError });
  if (exhausted) options.log?.(`handoff ${record.reference}: gave up after ${attempts} attempts (${outcome.lastError ?? 'failed'}); it stays in the agent inbox`);
  return updated;
}

/** Put a still-pending record back on the queue with its backoff delay. False when there is no queue or it refused. */
export async function schedule(record: HandoffRecord, options: DeliveryOptions): Promise<boolean> {
  if (!options.queue || record.delivery !== 'pending') return false;
  try {
    await options.queue.send({ reference: record.reference }, { delaySeconds: retryDelaySeconds(record.attempts, options.retryBaseSeconds) });
    return true;
  } catch (error) {
    options.log?.(`handoff ${record.reference}: not queued (${errorName(error)}); the sweep will pick it up`);
    return false;
  }
}

export type ConsumeResult = { action: 'ack' } | { action: 'retry'; delaySeconds: number };

/**
 * The queue consumer's work for one message. `ack` when delivered, gone,
 * disabled or given up; `retry` (with the backoff delay) while destinations
 * are still pending, or when the store cannot be read.
 */
export async function consumeHandoff(reference: string, options: DeliveryOptions): Promise<ConsumeResult> {
  let record: HandoffRecord | undefined;
  try {
    record = await options.store.getHandoff(reference);
  } catch {
    return { action: 'retry', delaySeconds: options.retryBaseSeconds };
  }
  if (!record || record.delivery !== 'pending') return { action: 'ack' };
  try {
    const updated = await attemptStored(record, options);
    if (updated.delivery !== 'pending') return { action: 'ack' };
    return { action: 'retry', delaySeconds: retryDelaySeconds(updated.attempts, options.retryBaseSeconds) };
  } catch {
    // Delivered but not recorded, or the store failed: retrying is safe, receivers dedupe on the id.
    return { action: 'retry', delaySeconds: retryDelaySeconds(record.attempts + 1, options.retryBaseSeconds) };
  }
}

/** The dead-letter consumer: the queue gave up on this message; say so on the record. */
export async function markDeadLettered(reference: string, options: DeliveryOptions): Promise<void> {
  const record = await options.store.getHandoff(reference);
  if (!record || record.delivery !== 'pending') return;
  await options.store.updateHandoff(reference, { delivery: 'failed', lastError: `${record.lastError ?? 'undelivered'}; dead-lettered` });
  options.log?.(`handoff ${reference}: dead-lettered; it stays in the agent inbox`);
}

/**
 * Re-enqueue pending handoffs older than `graceMs` (their queue message may be
 * lost), or, with no queue, attempt them right here. Returns how many it touched.
 */
export async function requeuePending(options: DeliveryOptions & { graceMs?: number; limit?: number }): Promise<number> {
  const now = (options.now ?? Date.now)();
  const pending = await options.store.listPendingHandoffs(options.limit ?? 100);
  const stale = pending.filter((record) => record.createdAt <= now - (options.graceMs ?? 60_000));
  for (const record of stale) {
    if (options.queue) await options.queue.send({ reference: record.reference }).catch(() => undefined);
    else await attemptStored(record, options).catch(() => undefined);
  }
  return stale.length;
}
