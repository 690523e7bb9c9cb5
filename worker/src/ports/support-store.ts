/**
 * What both conversation stores offer beyond the ConversationStore port:
 * feedback, counters read-back and the queue of handoffs still to deliver.
 */
import type { FeedbackRecord } from '../../../shared/admin-api';
import type { CaseStatus, InboxCase } from '../../../shared/staff-api';
import type { Conversation, ConversationStore, HandoffRecord, ResolvedTicket } from '../ports';

export type { CaseStatus, InboxCase } from '../../../shared/staff-api';
export type { FeedbackRecord } from '../../../shared/admin-api';

export interface ConversationRange {
  /** Unix ms, inclusive. */
  from: number;
  /** Unix ms, exclusive. */
  to: number;
  limit: number;
}

export interface SupportStore extends ConversationStore {
  saveFeedback(feedback: FeedbackRecord): Promise<void>;
  /** Latest rating per message, oldest first. */
  listFeedback(conversationId: string): Promise<FeedbackRecord[]>;
  /** Current value of a counter; 0 when it was never incremented. */
  getCounter(counter: string): Promise<number>;
  /** Handoffs whose delivery is still `pending`, oldest first, for a retry job. */
  listPendingHandoffs(limit: number): Promise<HandoffRecord[]>;
  /** Conversations created in [from, to), oldest first, at most `limit` (the admin dashboard). */
  listConversations(range: ConversationRange): Promise<Conversation[]>;
  /** Insert or replace an inbox case; it expires with its conversation's TTL. */
  saveCase(record: InboxCase): Promise<void>;
  getCase(id: string): Promise<InboxCase | undefined>;
  /** Inbox cases, most recently updated first. */
  listCases(limit: number): Promise<InboxCase[]>;
  /** One verified customer's cases (by the signed customerId), most recently updated first; independent of listCases' window. */
  listCustomerCases(customerId: string, limit: number): Promise<InboxCase[]>;
  /** Keep a resolved ticket (no expiry: it is knowledge); the same id replaces it. */
  saveTicket(ticket: ResolvedTicket): Promise<void>;
  /** Resolved tickets, oldest `resolvedAt` first. */
  listTickets(limit: number): Promise<ResolvedTicket[]>;
  /** Turn a destination off (a 410 Gone) until an operator turns it back on; `reason` undefined re-enables it. */
  setDestinationDisabled(name: string, reason: string | undefined): Promise<void>;
  /** Disabled destinations by name, with the reason. */
  disabledDestinations(): Promise<Record<string, string>>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function ttlMs(ttlDays: number): number {
  if (!Number.isFinite(ttlDays) || ttlDays <= 0) throw new RangeError('ttlDays must be a positive number of days.');
  return Math.round(ttlDays * DAY_MS);
}

/** Keeps the last entry per id, in the order ids first appeared: makes retried appends harmless. */
export function latestById<T>(items: T[], idOf: (item: T) => string): T[] {
  const byId = new Map<string, T>();
  for (const item of items) byId.set(idOf(item), item);
  return [...byId.values()];
}

/** The transcript as read: one entry per message id, in `at` order (stable, so equal times keep their append order). */
export function transcriptOrder<T extends { id: string; at: number }>(messages: T[]): T[] {
  return latestById(messages, (message) => message.id).sort((a, b) => a.at - b.at);
}

/**
 * How long a store may fail fast after repeated failures (the Redis store's circuit
 * breaker). Retries of a refused write wait longer than this, or they only hit the open circuit.
 */
export const CIRCUIT_OPEN_MS = 10_000;

/** UPSTASH_TIMEOUT_MS's default: how long one store attempt may take. */
export const DEFAULT_STORE_TIMEOUT_MS = 2_000;

/** How the store retries an ordinary call: once, 50 ms after the first attempt failed. */
export const STORE_RETRY_BACKOFF_MS: readonly number[] = [50];

/**
 * A store call at its slowest when each attempt is cut off at `timeoutMs` (UPSTASH_TIMEOUT_MS): every attempt,
 * every backoff, and 50 ms of scheduling slack. Replays of refused writes plan their time with it.
 */
export function storeCallWorstMs(timeoutMs: number, backoffMs: readonly number[] = STORE_RETRY_BACKOFF_MS): number {
  return (backoffMs.length + 1) * timeoutMs + backoffMs.reduce((sum, wait) => sum + wait, 0) + 50;
}
