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
import { reasonCode } from './reasons';
import { SENTIMENTS, URGENCIES } from './triage';

export const HANDOFF_PACKET_VERSION = 2;

const fields = {
  type: v.literal('handoff.created'),
  reference: v.string(),
  createdAt: v.string(),
  /** Escalation reason codes, kebab-case (shared/reasons.ts), e.g. visitor-request, human-request, frustration, no-ai-topic:refund. */
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
};

/**
 * What the conversation's latest triage said (shared/triage.ts). Every field is
 * null when no message was triaged yet (a handoff before the first message).
 */
export const PacketTriageSchema = v.object({
  category: v.nullable(v.string()),
  sentiment: v.nullable(v.picklist(SENTIMENTS)),
  urgency: v.nullable(v.picklist(URGENCIES)),
  summary: v.nullable(v.string()),
  lang: v.nullable(v.string()),
});
export type PacketTriage = v.InferOutput<typeof PacketTriageSchema>;

export const NO_TRIAGE: PacketTriage = { category: null, sentiment: null, urgency: null, summary: null, lang: null };

/** Version 2: version 1 plus `triage`. */
export const HandoffPacketSchema = v.object({ version: v.literal(HANDOFF_PACKET_VERSION), ...fields, triage: PacketTriageSchema });
export type HandoffPacket = v.InferOutput<typeof HandoffPacketSchema>;

/** Version 1, as stored before triage existed: no `triage`, reason codes in either spelling. */
export const HandoffPacketV1Schema = v.object({ version: v.literal(1), ...fields });

/**
 * Any stored or received packet as version 2: a version 1 packet gets null
 * triage and kebab-case reasons. Throws a valibot error on anything else.
 *
 * @example
 * const packet = readHandoffPacket(record.packet); // packet.version === 2
 */
export function readHandoffPacket(input: unknown): HandoffPacket {
  const packet = v.parse(v.variant('version', [HandoffPacketSchema, HandoffPacketV1Schema]), input);
  return { ...packet, version: HANDOFF_PACKET_VERSION, reasons: packet.reasons.map(reasonCode), triage: 'triage' in packet ? packet.triage : NO_TRIAGE };
}

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
