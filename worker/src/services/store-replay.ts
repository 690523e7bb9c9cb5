/**
 * Conversation writes that must not be lost: when the store refuses a new
 * conversation, a message or an update of the conversation's state (a turn's
 * outcome, a handoff's escalation) during a request, the write goes on the handoff
 * queue (`kind: 'store-write'`) and the consumer replays it with the same
 * backoff and attempt limit as handoffs (HANDOFF_RETRY_BASE_SECONDS,
 * HANDOFF_MAX_ATTEMPTS). What a replay may change is store-write.ts's business:
 * it is safe to repeat and only ever moves a conversation forward.
 *
 * Without a queue binding (or when the queue refuses), the write is retried in
 * the request's `waitUntil`: 11 s and 22 s after the request's first such write,
 * each after the store's circuit breaker has had time to close, the request's
 * writes one after another in their order; a try that could not end within the
 * 30 s Workers allow after the response is not started, and what is not saved
 * is logged as such.
 */
import { CIRCUIT_OPEN_MS, DEFAULT_STORE_TIMEOUT_MS, storeCallWorstMs, type SupportStore } from '../ports/support-store';
import type { ConversationPatch, HandoffQueue, StoreWrite } from '../ports';
import { retryDelaySeconds, type ConsumeResult } from './delivery';
import { errorName } from '../log/log-line';
import { applyWrite, ConversationMissingError, describeWrite, NOT_OWNER } from './store-write';

export interface ReplayOptions {
  store: SupportStore;
  queue?: HandoffQueue;
  /** HANDOFF_RETRY_BASE_SECONDS: the first replay's delay; doubled each attempt, capped at an hour. */
  retryBaseSeconds: number;
  /** HANDOFF_MAX_ATTEMPTS: replays before the write is given up (and logged). */
  maxAttempts: number;
  /** The request's `executionCtx.waitUntil`; absent under app.request() in tests. */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** A store call at its slowest: storeCallWorstMs(UPSTASH_TIMEOUT_MS). Default STORE_CALL_WORST_MS. */
  storeCallWorstMs?: number;
  /** When the tries run without a queue, counted from the request's first background write. Default BACKGROUND_TRIES_AT_MS. */
  triesAtMs?: readonly number[];
  log?: (line: string) => void;
}

export type SaveOutcome = 'saved' | 'queued' | 'retrying' | 'not-saved';

/**
 * Without a queue, a request's writes are tried again 11 s and 22 s after its first background write, all from
 * that one start: each try comes after the circuit breaker (opened by the failures that made the write retry)
 * has closed, since a try while it is open fails without reaching the store.
 */
export const BACKGROUND_TRIES_AT_MS: readonly number[] = [CIRCUIT_OPEN_MS + 1_000, 2 * (CIRCUIT_OPEN_MS + 1_000)];
/** Workers allow 30 s of waitUntil after the response: a try that could not end by this is not started. */
export const BACKGROUND_DEADLINE_MS = 28_000;
/** A store call at its slowest with UPSTASH_TIMEOUT_MS at its default (two attempts of 2 s, 50 ms apart). */
export const STORE_CALL_WORST_MS = storeCallWorstMs(DEFAULT_STORE_TIMEOUT_MS);

/** Replays of a write whose conversation the store (answering) does not have, before it is given up. */
export const MISSING_CONVERSATION_ATTEMPTS = 3;

/** Write now; if the store refuses, hand the write to the queue, or else retry it in the background. */
export async function saveOrReplay(write: StoreWrite, options: ReplayOptions): Promise<SaveOutcome> {
  try {
    if (!(await applyWrite(options.store, write))) options.log?.(`${describeWrite(write)}: ${NOT_OWNER}`);
    return 'saved';
  } catch (error) {
    if (error instanceof ConversationMissingError) options.log?.(`${describeWrite(write)}: its conversation is not stored yet`);
    else options.log?.(`store unavailable (${errorName(error)}): ${describeWrite(write)} not saved yet`);
  }
  return replayLater(write, options);
}

/**
 * A conversation update: to the store now, or replayed when the store refuses it or when the
 * conversation's create was refused in this request (the store would skip an update of a conversation it lacks).
 * `at`: when the state the patch was worked out from was read, so a replay keeps an outcome stored after it.
 */
export async function updateOrReplay(conversationId: string, patch: ConversationPatch, createPending: boolean, options: ReplayOptions, at?: number): Promise<SaveOutcome> {
  const write: StoreWrite = { type: 'patch-conversation', conversationId, patch, ...(at !== undefined ? { at } : {}) };
  if (createPending) return replayLater(write, options);
  try {
    await options.store.updateConversation(conversationId, patch);
    return 'saved';
  } catch (error) {
    options.log?.(`store unavailable (${errorName(error)}): ${describeWrite(write)} not saved yet`);
  }
  return replayLater(write, options);
}

/** The queue, or else retries in the background, or else an honest log line. */
async function replayLater(write: StoreWrite, options: ReplayOptions): Promise<SaveOutcome> {
  if (options.queue) {
    try {
      await options.queue.send({ kind: 'store-write', write }, { delaySeconds: options.retryBaseSeconds });
      options.log?.(`${describeWrite(write)}: queued for replay`);
      return 'queued';
    } catch (error) {
      options.log?.(`${describeWrite(write)}: not queued (${errorName(error)}); retrying in the background`);
    }
  }
  if (options.waitUntil) {
    // A copy: the request may go on changing its objects while the retries wait.
    retryWithRequest(structuredClone(write), options.waitUntil, options);
    return 'retrying';
  }
  options.log?.(`${describeWrite(write)}: not saved (no queue and no background context)`);
  return 'not-saved';
}

/** The writes a request is retrying in its waitUntil, in the order they failed; by the request's waitUntil. */
const backgroundWrites = new WeakMap<(promise: Promise<unknown>) => void, StoreWrite[]>();

/** One waitUntil per request: its writes are tried one after another, so a patch never overtakes its create. */
function retryWithRequest(write: StoreWrite, waitUntil: (promise: Promise<unknown>) => void, options: ReplayOptions): void {
  const pending = backgroundWrites.get(waitUntil);
  if (pending) {
    pending.push(write);
    return;
  }
  const writes = [write];
  backgroundWrites.set(waitUntil, writes);
  waitUntil(retryAllInBackground(writes, options, () => backgroundWrites.delete(waitUntil)));
}

/** The fallback without a queue for one write: the tries, then an honest log line. */
export async function retryInBackground(write: StoreWrite, options: ReplayOptions): Promise<boolean> {
  return (await retryAllInBackground([write], options)).get(write) ?? false;
}

/**
 * Tries the writes in order at each of the tries' times; after a failure the rest wait for the next try, still
 * in order. A try that could not end by BACKGROUND_DEADLINE_MS is not started: its line is logged while there is time.
 * `writes` may grow while the tries run; `done` runs once no more are taken.
 */
async function retryAllInBackground(writes: StoreWrite[], options: ReplayOptions, done?: () => void): Promise<Map<StoreWrite, boolean>> {
  const start = Date.now();
  const results = new Map<StoreWrite, boolean>();
  const triesAt = options.triesAtMs ?? BACKGROUND_TRIES_AT_MS;
  const callWorstMs = options.storeCallWorstMs ?? STORE_CALL_WORST_MS;
  let lastError: unknown;
  let tries = 0;
  for (const at of triesAt) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + at - Date.now())));
    tries += 1;
    while (writes.length > 0) {
      const write = writes[0] as StoreWrite;
      if (Date.now() + callsOf(write) * callWorstMs > start + BACKGROUND_DEADLINE_MS) {
        done?.();
        for (const late of writes.splice(0)) options.log?.(`${describeWrite(late)}: not saved (no time left in the background for another try)`);
        return results;
      }
      try {
        const applied = await applyWrite(options.store, write);
        options.log?.(`${describeWrite(write)}: ${applied ? 'saved on a later try' : NOT_OWNER}`);
        results.set(write, applied);
        writes.shift();
      } catch (error) {
        lastError = error;
        break;
      }
    }
    if (writes.length === 0) break;
  }
  done?.();
  for (const write of writes.splice(0)) options.log?.(`${describeWrite(write)}: not saved after ${tries} background retries (${errorName(lastError)})`);
  return results;
}

/** Store calls a write makes: those that check its conversation first make two. */
function callsOf(write: StoreWrite): number {
  if (write.type === 'create-conversation') return 1;
  return write.type === 'patch-conversation' || write.ownerTokenHash !== undefined ? 2 : 1;
}

/** The queue consumer's work for one store write: `ack` once stored or given up, else `retry` with backoff. */
export async function consumeStoreWrite(write: StoreWrite, attempt: number, options: ReplayOptions): Promise<ConsumeResult> {
  try {
    if (!(await applyWrite(options.store, write))) options.log?.(`${describeWrite(write)}: ${NOT_OWNER}`);
    return { action: 'ack' };
  } catch (error) {
    // The store answered and has no such conversation: expired, or never created. Its create, queued first,
    // lands within a few replays; waiting out HANDOFF_MAX_ATTEMPTS (hours) for it would only delay the same log line.
    if (error instanceof ConversationMissingError && attempt >= MISSING_CONVERSATION_ATTEMPTS) {
      options.log?.(`${describeWrite(write)}: gave up after ${attempt} replays (the store has no such conversation: expired, or its create was not saved); not saved`);
      return { action: 'ack' };
    }
    if (attempt >= options.maxAttempts) {
      options.log?.(`${describeWrite(write)}: gave up after ${attempt} replays (${errorName(error)}); not saved`);
      return { action: 'ack' };
    }
    return { action: 'retry', delaySeconds: retryDelaySeconds(attempt, options.retryBaseSeconds) };
  }
}
