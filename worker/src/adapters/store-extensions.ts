/**
 * What both conversation stores offer beyond the ConversationStore port:
 * feedback, counters read-back and the queue of handoffs still to deliver.
 * Kept here (not in ports.ts) until the port owner decides to adopt them.
 */
import type { ConversationStore, HandoffRecord } from '../ports';

export interface FeedbackRecord {
  conversationId: string;
  /** The assistant message the visitor rated; a second rating of it replaces the first. */
  messageId: string;
  rating: 'up' | 'down';
  comment?: string;
  at: number;
}

export interface SupportStore extends ConversationStore {
  saveFeedback(feedback: FeedbackRecord): Promise<void>;
  /** Latest rating per message, oldest first. */
  listFeedback(conversationId: string): Promise<FeedbackRecord[]>;
  /** Current value of a counter; 0 when it was never incremented. */
  getCounter(counter: string): Promise<number>;
  /** Handoffs whose delivery is still `pending`, oldest first, for a retry job. */
  listPendingHandoffs(limit: number): Promise<HandoffRecord[]>;
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
