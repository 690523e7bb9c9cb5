/**
 * The handoff packet: everything a human needs to continue a conversation
 * without asking the customer to repeat anything. Versioned; a receiver
 * should check `version` and ignore fields it does not know.
 *
 * Delivered as the JSON body of the handoff webhook (Standard Webhooks
 * signature headers), and shown in the agent inbox.
 */
import * as v from 'valibot';
import { ConfidenceSchema, SourceSchema } from './protocol';

export const HANDOFF_PACKET_VERSION = 1;

export const HandoffPacketSchema = v.object({
  version: v.literal(HANDOFF_PACKET_VERSION),
  type: v.literal('handoff.created'),
  reference: v.string(),
  createdAt: v.string(),
  /** Escalation reason codes, e.g. visitor_request, explicit_human_request, frustration, no_ai_topic:refund. */
  reasons: v.array(v.string()),
  conversationId: v.nullable(v.string()),
  pageUrl: v.nullable(v.string()),
  contact: v.object({ name: v.nullable(v.string()), email: v.nullable(v.string()), note: v.nullable(v.string()) }),
  customer: v.object({
    /** True only when the site owner's backend signed the identity. */
    verified: v.boolean(),
    id: v.nullable(v.string()),
    name: v.nullable(v.string()),
    email: v.nullable(v.string()),
    plan: v.nullable(v.string()),
    valueTier: v.nullable(v.string()),
  }),
  lastAnswer: v.nullable(
    v.object({ text: v.string(), sources: v.array(SourceSchema), confidence: ConfidenceSchema, incomplete: v.boolean() }),
  ),
  transcript: v.array(
    v.object({ role: v.picklist(['visitor', 'assistant', 'agent', 'system']), text: v.string(), at: v.string() }),
  ),
});
export type HandoffPacket = v.InferOutput<typeof HandoffPacketSchema>;

/**
 * Who the packet's customer is, as a person should read it. `verified` covers
 * only what the site owner signed: a name or email the visitor typed in place of
 * a missing claim makes the shown identity unverified, even for a signed visitor.
 *
 * @example
 * const shown = shownCustomer(packet); // { name: 'Ada', email: 'ada@x.org', verified: false }
 */
export function shownCustomer(packet: HandoffPacket): { name?: string; email?: string; verified: boolean; id?: string } {
  const signed = packet.customer;
  const name = signed.name ?? packet.contact.name ?? undefined;
  const email = signed.email ?? packet.contact.email ?? undefined;
  const verified = signed.verified && (name === undefined || name === signed.name) && (email === undefined || email === signed.email);
  return { ...(name ? { name } : {}), ...(email ? { email } : {}), verified, ...(signed.verified && signed.id ? { id: signed.id } : {}) };
}
