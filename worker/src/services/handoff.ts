/**
 * Handoff: record everything a human needs, then deliver it.
 *
 * The record is written to the store before the visitor sees a reference (the
 * outbox); delivery to the webhook follows. If the store is down the packet is
 * delivered directly, and only when both fail does the visitor get an error —
 * one that carries the support email, so a human is still reachable.
 */
import { HANDOFF_PACKET_VERSION, type HandoffPacket } from '../../../shared/handoff-packet';
import type { HandoffRequest, HandoffResponse } from '../../../shared/protocol';
import { AppError } from '../http/errors';
import type { Conversation, ConversationStore, HandoffRecord, HandoffSink, StoredMessage, VerifiedCustomer } from '../ports';
import { randomId } from './conversation-access';

export interface HandoffInput {
  request: HandoffRequest;
  conversation?: Conversation;
  messages: StoredMessage[];
  customer?: VerifiedCustomer;
  reasons: string[];
}

export interface HandoffDependencies {
  store: ConversationStore;
  sinks: HandoffSink[];
  supportEmail?: string;
  expectation: string;
  now?: () => number;
  log?: (line: string) => void;
}

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
    reasons: input.reasons.length ? input.reasons : ['visitor_request'],
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
    transcript: input.messages.map((message) => ({ role: message.role, text: message.text, at: new Date(message.at).toISOString() })),
  };
}

/** Try each sink once; the outcome to record. */
export async function deliverToSinks(sinks: HandoffSink[], packet: unknown, idempotencyId: string): Promise<Pick<HandoffRecord, 'delivery' | 'lastError'>> {
  if (sinks.length === 0) return { delivery: 'none' };
  const results = await Promise.all(sinks.map((sink) => sink.deliver(packet, idempotencyId)));
  if (results.every((result) => result.ok)) return { delivery: 'delivered' };
  const failed = results.filter((result) => !result.ok);
  const lastError = failed.map((result) => result.error ?? 'failed').join('; ');
  return { delivery: failed.every((result) => result.permanent) ? 'disabled' : 'failed', lastError };
}

export async function createHandoff(input: HandoffInput, dependencies: HandoffDependencies): Promise<HandoffResponse> {
  if (!input.request.email && !input.customer?.email) {
    throw new AppError(400, 'bad_request', 'Invalid request: email: we need an email address so a person can reply.');
  }
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

  const outcome = await deliverToSinks(dependencies.sinks, packet, idempotencyId);
  if (!stored && outcome.delivery !== 'delivered') {
    const email = dependencies.supportEmail;
    throw new AppError(503, 'upstream_unavailable', email
      ? `We could not record your request right now. Please email ${email} and we will pick it up from there.`
      : 'We could not record your request right now. Please try again in a minute.');
  }
  if (stored) {
    await dependencies.store
      .updateHandoff(reference, { ...outcome, attempts: 1 })
      .catch((error: unknown) => dependencies.log?.(`handoff ${reference}: delivery state not saved (${errorName(error)})`));
    if (input.conversation) {
      await dependencies.store.updateConversation(input.conversation.id, { status: 'escalated', updatedAt: now }).catch(() => undefined);
    }
  }
  return { reference, status: outcome.delivery === 'failed' ? 'queued' : 'sent', expectation: dependencies.expectation };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'error';
}
