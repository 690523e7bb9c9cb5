/**
 * Handoff: record everything a human needs, then deliver it.
 *
 * The record is written to the store before the visitor sees a reference (the
 * outbox); one delivery attempt follows inline, and anything still pending is
 * handed to the delivery engine (services/delivery.ts: Cloudflare Queues with
 * backoff). If the store is down the packet is delivered directly, and only
 * when both fail is the handoff refused (`not-recorded`, with the support
 * email the route shows, so a human is still reachable). Expected refusals
 * are results; the route maps them to HTTP.
 */
import { HANDOFF_PACKET_VERSION, NO_TRIAGE, type HandoffPacket, type PacketTriage } from '../../../shared/handoff-packet';
import { reasonCode } from '../../../shared/reasons';
import type { HandoffRequest, HandoffResponse } from '../../../shared/protocol';
import type { SupportStore } from '../ports/support-store';
import { errorName } from '../log/log-line';
import type { Conversation, HandoffQueue, HandoffRecord, HandoffSink, StoredMessage, VerifiedCustomer } from '../ports';
import { randomId } from '../domain/tokens';
import { attemptDestinations, schedule } from './delivery';
import { saveOrReplay, updateOrReplay, type ReplayOptions } from './store-replay';

export interface HandoffInput {
  request: HandoffRequest;
  conversation?: Conversation;
  messages: StoredMessage[];
  customer?: VerifiedCustomer;
  reasons: string[];
  /**
   * The conversation the visitor named when the store could not show it (down, or its create still queued):
   * it is marked escalated once it is stored, and only if the token's hash matches.
   */
  unconfirmedConversation?: { id: string; ownerTokenHash: string };
}

export interface HandoffDependencies {
  store: SupportStore;
  sinks: HandoffSink[];
  /** Retries of what the inline attempt could not deliver; absent: the sweep retries. */
  queue?: HandoffQueue;
  retryBaseSeconds?: number;
  maxAttempts?: number;
  /** After the record is stored (e.g. open the inbox case); its failure never fails the handoff. */
  onRecorded?: (record: HandoffRecord) => Promise<void>;
  supportEmail?: string;
  expectation: string;
  now?: () => number;
  log?: (line: string) => void;
  /** How a refused conversation update is replayed (the chat route's settings). */
  replay: ReplayOptions;
}

/** A handoff made, or why not: no address a person could reply to, or neither stored nor delivered. */
export type HandoffOutcome =
  | { ok: true; response: HandoffResponse }
  | { ok: false; reason: 'email-required' }
  | { ok: false; reason: 'not-recorded'; supportEmail?: string };

/** Short, unambiguous, and safe to read out on the phone: HO-7KQ2-M9XD. */
export function newReference(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const characters = [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `HO-${characters.slice(0, 4)}-${characters.slice(4)}`;
}

export function buildPacket(input: HandoffInput, reference: string, now: number): HandoffPacket {
  const lastAnswer = [...input.messages].reverse().find((message) => message.role === 'assistant');
  const customer = input.customer;
  return {
    version: HANDOFF_PACKET_VERSION,
    type: 'handoff.created',
    reference,
    createdAt: new Date(now).toISOString(),
    reasons: input.reasons.length ? [...new Set(input.reasons.map(reasonCode))] : ['visitor-request'],
    conversationId: input.conversation?.id ?? null,
    pageUrl: input.request.pageUrl ?? input.conversation?.pageUrl ?? null,
    contact: {
      name: input.request.name ?? customer?.name ?? null,
      email: input.request.email ?? customer?.email ?? null,
      note: input.request.note ?? null,
    },
    customer: {
      verified: Boolean(customer),
      id: customer?.id ?? null,
      name: customer?.name ?? null,
      email: customer?.email ?? null,
      plan: customer?.plan ?? null,
      valueTier: customer?.valueTier ?? null,
    },
    lastAnswer: lastAnswer
      ? {
          text: lastAnswer.text,
          sources: lastAnswer.sources ?? [],
          confidence: lastAnswer.confidence ?? 'none',
          incomplete: Boolean(lastAnswer.incomplete),
        }
      : null,
    transcript: packetTranscript(input.messages),
    triage: packetTriage(input.conversation),
  };
}

/** The conversation's latest triage, or nulls when no message was triaged yet. */
export function packetTriage(conversation: Conversation | undefined): PacketTriage {
  const triage = conversation?.triage;
  if (!triage) return NO_TRIAGE;
  return { category: triage.category, sentiment: triage.sentiment, urgency: triage.urgency, summary: triage.summary, lang: triage.lang };
}

/** Messages a packet carries: the first two (how it began) and the newest ones; the whole transcript stays in the store. */
export const PACKET_TRANSCRIPT_HEAD = 2;
export const PACKET_TRANSCRIPT_TAIL = 48;

/** The packet's transcript, bounded: a 1,000-turn conversation must not make a megabyte packet or a slow handoff. */
export function packetTranscript(messages: readonly { role: HandoffPacket['transcript'][number]['role']; text: string; at: number }[]): HandoffPacket['transcript'] {
  const line = (message: (typeof messages)[number]) => ({ role: message.role, text: message.text, at: new Date(message.at).toISOString() });
  if (messages.length <= PACKET_TRANSCRIPT_HEAD + PACKET_TRANSCRIPT_TAIL) return messages.map(line);
  const head = messages.slice(0, PACKET_TRANSCRIPT_HEAD);
  const tail = messages.slice(-PACKET_TRANSCRIPT_TAIL);
  const skipped = messages.length - head.length - tail.length;
  const gap = { role: 'system' as const, text: `${skipped} earlier messages are not repeated here; the whole transcript is in the agent inbox.`, at: new Date(tail[0]?.at ?? 0).toISOString() };
  return [...head.map(line), gap, ...tail.map(line)];
}

export async function createHandoff(input: HandoffInput, dependencies: HandoffDependencies): Promise<HandoffOutcome> {
  if (!input.request.email && !input.customer?.email) return { ok: false, reason: 'email-required' };
  const now = (dependencies.now ?? Date.now)();
  const reference = newReference();
  const packet = buildPacket(input, reference, now);
  const idempotencyId = `msg_${reference}_${randomId(6)}`;
  const record: HandoffRecord = { reference, idempotencyId, conversationId: packet.conversationId ?? undefined, createdAt: now, delivery: 'pending', attempts: 0, packet };

  let stored = true;
  try {
    await dependencies.store.saveHandoff(record);
  } catch (error) {
    stored = false;
    dependencies.log?.(`handoff ${reference}: store unavailable (${errorName(error)}); delivering directly`);
  }

  const disabled = stored ? await dependencies.store.disabledDestinations().catch(() => ({})) : {};
  const { gone, ...outcome } = await attemptDestinations(packet, idempotencyId, dependencies.sinks, {}, disabled);
  if (!stored && outcome.delivery !== 'delivered') return { ok: false, reason: 'not-recorded', ...(dependencies.supportEmail ? { supportEmail: dependencies.supportEmail } : {}) };
  if (stored) {
    for (const name of gone) await dependencies.store.setDestinationDisabled(name, `answered 410 Gone at ${new Date(now).toISOString()}`).catch(() => undefined);
    await dependencies.store
      .updateHandoff(reference, { ...outcome, attempts: 1 })
      .catch((error: unknown) => dependencies.log?.(`handoff ${reference}: delivery state not saved (${errorName(error)})`));
    const updated: HandoffRecord = { ...record, ...outcome, attempts: 1 };
    await schedule(updated, {
      store: dependencies.store,
      sinks: dependencies.sinks,
      queue: dependencies.queue,
      retryBaseSeconds: dependencies.retryBaseSeconds ?? 30,
      maxAttempts: dependencies.maxAttempts ?? 10,
      log: dependencies.log,
    });
    await dependencies.onRecorded?.(updated).catch((error: unknown) => dependencies.log?.(`handoff ${reference}: inbox case not saved (${errorName(error)})`));
  }
  await markEscalated(input, now, dependencies);
  return { ok: true, response: { reference, status: outcome.delivery === 'pending' ? 'queued' : 'sent', expectation: dependencies.expectation } };
}

/** The conversation's status follows the handoff; an update the store refuses, or whose conversation is not stored yet, is replayed. */
async function markEscalated(input: HandoffInput, now: number, dependencies: HandoffDependencies): Promise<void> {
  const patch = { status: 'escalated', updatedAt: now } as const;
  const { conversation, unconfirmedConversation: unconfirmed } = input;
  if (conversation) await updateOrReplay(conversation.id, patch, false, dependencies.replay, now);
  else if (unconfirmed) await saveOrReplay({ type: 'patch-conversation', conversationId: unconfirmed.id, patch, ownerTokenHash: unconfirmed.ownerTokenHash, at: now }, dependencies.replay);
}
