/**
 * The agent inbox: escalated conversations as cases, and what an agent does
 * with them — reply in the visitor's own chat, hand the conversation back to
 * the AI, resolve it with a note that becomes a resolved ticket.
 *
 * Statuses: `new` (nobody has answered), `open` (the visitor is waiting for
 * us), `waiting` (we answered; waiting for the visitor), `resolved`.
 * A conversation an agent has answered is `human`: the AI stays quiet in it
 * until the agent hands it back.
 *
 * Expected refusals (no such case, a note too short to learn from) are
 * results (`InboxRefusal`); the agent route maps them to HTTP.
 */
import { NO_TRIAGE, shownCustomer, type HandoffPacket } from '../../../shared/handoff-packet';
import { reasonCode } from '../../../shared/reasons';
import type { InboxCase, SupportStore } from '../ports/support-store';
import { errorName } from '../log/log-line';
import type { HandoffRecord, HandoffSink, ResolvedTicket, StoredMessage, TicketIndex } from '../ports';
import { randomId } from '../domain/tokens';
import { messagesFor } from './messages';
import { redactPersonalData } from './redaction';
import { updateOrReplay, type ReplayOptions } from './store-replay';

export interface InboxDependencies {
  store: SupportStore;
  tickets: TicketIndex;
  /** EMAIL_WEBHOOK_URL: tells the visitor by email that an agent replied. */
  email?: HandoffSink;
  publicUrl?: string;
  now?: () => number;
  log?: (line: string) => void;
  /** How a refused conversation update after a stored reply is replayed. */
  replay: ReplayOptions;
}

/** Why an agent's action was refused: the case is not in the inbox, or the resolution note is too short to learn from. */
export type InboxRefusal = { ok: false; reason: 'no-case' | 'note-too-short' };

const NO_CASE: InboxRefusal = { ok: false, reason: 'no-case' };

/** The shortest resolution note a resolved ticket is made from. */
export const MIN_RESOLUTION_CHARS = 10;

export const HUMAN_IS_HANDLING = 'A person from our team is handling this conversation now; they will see your message and reply here.';

function customerOf(packet: HandoffPacket): { label: string; verified: boolean; email?: string; id?: string } {
  const { name, email, verified, id } = shownCustomer(packet);
  const label = [name, email && `<${email}>`].filter(Boolean).join(' ') || 'Anonymous visitor';
  return { label, verified, ...(email ? { email } : {}), ...(id ? { id } : {}) };
}

function lastVisitorText(packet: HandoffPacket): string {
  const visitor = [...packet.transcript].reverse().find((message) => message.role === 'visitor');
  return visitor?.text ?? packet.contact.note ?? '';
}

/** The inbox case for a just-recorded handoff: new, or an existing case brought back to `new`. */
export function caseFromHandoff(record: HandoffRecord, existing: InboxCase | undefined, product?: string): InboxCase {
  const packet = record.packet as HandoffPacket;
  const customer = customerOf(packet);
  const reasons = [...new Set([...(existing?.status === 'resolved' ? [] : existing?.reasons ?? []), ...packet.reasons].map(reasonCode))];
  return {
    id: record.conversationId ?? record.reference,
    ...(record.conversationId ? { conversationId: record.conversationId } : {}),
    reference: record.reference,
    status: existing && existing.status !== 'resolved' && existing.status !== 'new' ? 'open' : 'new',
    reasons,
    customer: customer.label,
    customerVerified: customer.verified,
    ...(customer.id ? { customerId: customer.id } : {}),
    ...(customer.email ? { email: customer.email } : {}),
    lastQuestion: lastVisitorText(packet) || existing?.lastQuestion || '',
    ...(product ?? existing?.product ? { product: product ?? existing?.product } : {}),
    createdAt: existing?.createdAt ?? record.createdAt,
    updatedAt: record.createdAt,
    triage: packet.triage ?? NO_TRIAGE,
  };
}

export async function openCase(store: SupportStore, record: HandoffRecord): Promise<void> {
  const id = record.conversationId ?? record.reference;
  const [existing, conversation] = await Promise.all([store.getCase(id), record.conversationId ? store.getConversation(record.conversationId) : undefined]);
  await store.saveCase(caseFromHandoff(record, existing, conversation?.product));
}

/** The visitor wrote while a person has the conversation: it is our turn again. */
export async function visitorWroteToHuman(store: SupportStore, conversationId: string, text: string, now: number): Promise<void> {
  const existing = await store.getCase(conversationId);
  if (!existing || existing.status === 'resolved') return;
  await store.saveCase({ ...existing, status: 'open', lastQuestion: text, updatedAt: now });
}


/** The agent's reply: stored in the visitor's conversation, the conversation taken by a person, the visitor emailed. */
export async function replyToCase(id: string, text: string, dependencies: InboxDependencies): Promise<{ ok: true; message: StoredMessage; emailed: boolean } | InboxRefusal> {
  const { store } = dependencies;
  const now = (dependencies.now ?? Date.now)();
  const current = await store.getCase(id);
  if (!current) return NO_CASE;
  const message: StoredMessage = { id: randomId(12), role: 'agent', text, at: now };
  if (current.conversationId) {
    await store.appendMessage(current.conversationId, message);
    // Only for a metric: the reply is already stored, so a failed read must not fail it (a retry would store and email it twice).
    const conversation = await store.getConversation(current.conversationId).catch(() => undefined);
    // A person's first reply is the conversation's first response when nothing before it answered.
    const firstResponse = conversation && conversation.firstResponseAt === undefined ? { firstResponseAt: now } : {};
    // The conversation is a person's now; a store that refuses (its breaker open, say) gets the update replayed, never an error.
    await updateOrReplay(current.conversationId, { status: 'human', updatedAt: now, ...firstResponse }, false, dependencies.replay, now);
  }
  // From here on the reply is stored: nothing may fail it, or the agent's retry stores and emails it twice.
  await store
    .saveCase({ ...current, status: 'waiting', updatedAt: now })
    .catch((error: unknown) => dependencies.log?.(`case ${current.reference}: status not saved after reply (${errorName(error)})`));
  let emailed = false;
  if (dependencies.email && current.email) {
    const result = await dependencies.email.deliver(
      {
        type: 'agent.reply',
        to: current.email,
        subject: `Re: your support request ${current.reference}`,
        text,
        reference: current.reference,
        conversationId: current.conversationId ?? null,
        at: new Date(now).toISOString(),
      },
      `msg_${message.id}`,
    );
    emailed = result.ok;
    if (!result.ok) dependencies.log?.(`case ${current.reference}: reply email not sent (${result.error ?? 'failed'})`);
  }
  return { ok: true, message, emailed };
}

/** The agent hands the conversation back to the AI; the case stays open in the inbox. */
export async function handBack(id: string, dependencies: InboxDependencies): Promise<{ ok: true } | InboxRefusal> {
  const { store } = dependencies;
  const now = (dependencies.now ?? Date.now)();
  const current = await store.getCase(id);
  if (!current) return NO_CASE;
  if (current.conversationId) {
    const conversation = await store.getConversation(current.conversationId);
    await store.appendMessage(current.conversationId, { id: randomId(12), role: 'system', text: messagesFor(conversation?.lang).handedBack, at: now });
    await store.updateConversation(current.conversationId, { status: 'ai', updatedAt: now, handedBackAt: now });
  }
  await store.saveCase({ ...current, status: 'waiting', updatedAt: now });
  return { ok: true };
}

/** The question a resolved ticket answers: what the visitor asked, in their words. */
function questionOf(current: InboxCase, messages: StoredMessage[]): string {
  const asked = messages.filter((message) => message.role === 'visitor').map((message) => message.text);
  const first = asked[0] ?? current.lastQuestion;
  const last = current.lastQuestion && current.lastQuestion !== first ? ` ${current.lastQuestion}` : '';
  return `${first}${last}`.slice(0, 1000);
}

/**
 * Resolve with a note: the case and conversation close, and the question with
 * the note (personal data redacted) becomes a resolved ticket that later
 * answers can cite.
 */
export async function resolveCase(id: string, note: string, dependencies: InboxDependencies): Promise<{ ok: true; ticket: ResolvedTicket } | InboxRefusal> {
  const { store } = dependencies;
  const now = (dependencies.now ?? Date.now)();
  const resolution = note.trim();
  if (resolution.length < MIN_RESOLUTION_CHARS) return { ok: false, reason: 'note-too-short' };
  const current = await store.getCase(id);
  if (!current) return NO_CASE;
  const messages = current.conversationId ? await store.getMessages(current.conversationId).catch((): StoredMessage[] => []) : [];
  const ticket: ResolvedTicket = {
    id: `case-${current.reference}`,
    question: redactPersonalData(questionOf(current, messages)),
    resolution: redactPersonalData(resolution),
    ...(current.product ? { product: current.product } : {}),
    resolvedAt: now,
  };
  await store.saveTicket(ticket);
  await dependencies.tickets.upsert(ticket);
  if (current.conversationId) await store.updateConversation(current.conversationId, { status: 'resolved', updatedAt: now });
  await store.saveCase({ ...current, status: 'resolved', resolution: ticket.resolution, updatedAt: now });
  return { ok: true, ticket };
}
