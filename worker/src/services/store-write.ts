/**
 * What one conversation write does when it is replayed, and how a queue body
 * becomes one. Replays are safe to repeat: the store skips a message id it
 * already has, never overwrites an existing conversation, and reads the
 * transcript in `at` order, so a late message still lands in its place. An
 * update waits for its conversation (created by a write queued before it) and
 * applies only what moves forward: firstResponseAt never later, updatedAt and
 * lastAnswerAt never back (and lastAnswerUnhelpful only with a newer answer),
 * the status only from ai towards resolved (a replayed escalation never undoes
 * an agent's reply or a resolution) and never over a later hand-back to the AI,
 * the outcome and the verdict on the last answer only if no outcome or rating
 * was stored after the write began, and review reasons only added. When and how often a write is
 * replayed is store-replay.ts's business.
 */
import type { SupportStore } from '../ports/support-store';
import { errorName } from '../log/log-line';
import type { Conversation, ConversationPatch, ConversationStatus, StoreWrite } from '../ports';

/** The write needs its conversation, which is not stored (yet: its create may still be queued). Retried like a store failure. */
export class ConversationMissingError extends Error {
  constructor(conversationId: string) {
    super(`conversation ${conversationId} is not stored`);
    this.name = 'ConversationMissingError';
  }
}

/** Apply one write; false when it was refused for good: a message for a conversation its sender does not own. */
export async function applyWrite(store: SupportStore, write: StoreWrite): Promise<boolean> {
  if (write.type === 'create-conversation') {
    await store.createConversation(write.conversation);
    return true;
  }
  if (write.type === 'patch-conversation') {
    const existing = await store.getConversation(write.conversationId);
    if (!existing) throw new ConversationMissingError(write.conversationId);
    if (write.ownerTokenHash !== undefined && existing.tokenHash !== write.ownerTokenHash) return false;
    const patch = forwardOnly(existing, write.patch, write.at);
    if (Object.keys(patch).length > 0) await store.updateConversation(write.conversationId, patch);
    return true;
  }
  if (write.ownerTokenHash !== undefined) {
    const existing = await store.getConversation(write.conversationId);
    // Not there yet: appending now would let a later create adopt a message nobody proved was theirs.
    if (!existing) throw new ConversationMissingError(write.conversationId);
    if (existing.tokenHash !== write.ownerTokenHash) return false;
  }
  await store.appendMessage(write.conversationId, write.message);
  return true;
}

/**
 * A replayed update may come after later writes: it never moves a first time later, or a last time back,
 * never replaces an outcome, a rating or a hand-back stored after `at`, and never drops a review reason.
 */
export function forwardOnly(existing: Conversation, patch: ConversationPatch, at?: number): ConversationPatch {
  const forward: ConversationPatch = { ...patch };
  const later = (current: number | undefined, next: number | undefined) => current !== undefined && next !== undefined && next <= current;
  const earlier = (current: number | undefined, next: number | undefined) => current !== undefined && next !== undefined && next >= current;
  if (later(existing.updatedAt, patch.updatedAt)) delete forward.updatedAt;
  if (earlier(existing.firstResponseAt, patch.firstResponseAt)) delete forward.firstResponseAt;
  if (earlier(existing.escalatedAt, patch.escalatedAt)) delete forward.escalatedAt;
  const since = (time: number | undefined) => at !== undefined && time !== undefined && time > at;
  // An agent's hand-back is the one move back to ai: a status queued before it would undo it.
  if (patch.status !== undefined && (!movesForward(existing.status, patch.status) || since(existing.handedBackAt))) delete forward.status;
  // Unhelpful or not says something about the last answer: only with an answer newer than the stored one,
  // and never over a rating the visitor gave after the turn began (their 👎 on the answer being replayed).
  if (patch.lastAnswerAt === undefined || later(existing.lastAnswerAt, patch.lastAnswerAt)) {
    delete forward.lastAnswerAt;
    delete forward.lastAnswerUnhelpful;
  } else if (since(existing.ratedAt)) delete forward.lastAnswerUnhelpful;
  if (since(existing.outcomeAt)) {
    delete forward.outcome;
    delete forward.outcomeAt;
  }
  // Reasons are only ever added (outcomes.ts), so the union loses none added meanwhile.
  if (patch.review) forward.review = [...new Set([...(existing.review ?? []), ...patch.review])];
  return forward;
}

/**
 * A conversation's status only moves on: ai → escalated → human → resolved. A replayed status
 * is older than whatever was stored meanwhile (an agent's reply, a resolution), so it never
 * takes the conversation back; updatedAt cannot say which came later (every message moves it).
 */
const STATUS_ORDER: Record<ConversationStatus, number> = { ai: 0, escalated: 1, human: 2, resolved: 3 };

function movesForward(current: ConversationStatus | undefined, next: ConversationStatus): boolean {
  return STATUS_ORDER[next] > STATUS_ORDER[current ?? 'ai'];
}

export const NOT_OWNER = 'not stored: the conversation belongs to someone else';

/** For logs: what the write was, by id, never its text. */
export function describeWrite(write: StoreWrite): string {
  if (write.type === 'create-conversation') return `conversation ${write.conversation.id}`;
  if (write.type === 'patch-conversation') return `update of conversation ${write.conversationId}`;
  return `${write.message.role} message ${write.message.id} of conversation ${write.conversationId}`;
}

/** A queue body that is a store write, checked enough to be safe to apply; undefined for anything else. */
export function storeWriteOf(body: unknown): StoreWrite | undefined {
  const task = body as { kind?: unknown; write?: Partial<Record<string, unknown>> } | null;
  if (task?.kind !== 'store-write' || typeof task.write !== 'object' || task.write === null) return undefined;
  const write = task.write;
  if (write.type === 'create-conversation') {
    const conversation = write.conversation as { id?: unknown; tokenHash?: unknown; createdAt?: unknown } | undefined;
    const valid = typeof conversation?.id === 'string' && typeof conversation.tokenHash === 'string' && typeof conversation.createdAt === 'number';
    return valid ? (write as StoreWrite) : undefined;
  }
  const owner = write.ownerTokenHash === undefined || typeof write.ownerTokenHash === 'string';
  if (write.type === 'patch-conversation') {
    const patch = write.patch as Record<string, unknown> | null | undefined;
    if (write.at !== undefined && typeof write.at !== 'number') return undefined;
    // Never an id or an owner: an update must not move a conversation to someone else.
    const valid = owner && typeof write.conversationId === 'string' && typeof patch === 'object' && patch !== null && !Array.isArray(patch) && !('id' in patch) && !('tokenHash' in patch);
    return valid ? (write as StoreWrite) : undefined;
  }
  if (write.type === 'append-message') {
    const message = write.message as { id?: unknown; role?: unknown; text?: unknown; at?: unknown } | undefined;
    const valid = owner && typeof write.conversationId === 'string' && typeof message?.id === 'string' && typeof message.role === 'string' && typeof message.text === 'string' && typeof message.at === 'number';
    return valid ? (write as StoreWrite) : undefined;
  }
  return undefined;
}
