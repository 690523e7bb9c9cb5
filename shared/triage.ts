/**
 * Triage: what one visitor message is about and how it must be handled,
 * computed once per turn (worker/src/triage/) and carried by the
 * conversation, the handoff packet, the agent inbox and the dashboard.
 *
 * The taxonomy and the rules behind every field are the product's triage
 * policy (the labelling guide the model is trained from).
 *
 * @example
 * const summary: TriageSummary = {
 *   category: 'billing', sentiment: 'negative', urgency: 'high',
 *   summary: 'Disputes an invoice and refuses to pay it.', lang: 'en',
 * };
 */

/** The default ticket categories (TRIAGE_CATEGORIES overrides them). */
export const DEFAULT_TRIAGE_CATEGORIES = [
  'how-to',
  'technical-issue',
  'account-access',
  'billing',
  'plans-pricing',
  'cancellation',
  'privacy-security',
  'feature-request',
  'other',
] as const;

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const URGENCIES = ['normal', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The routing part of a triage, stored on a conversation and sent in the handoff packet. */
export interface TriageSummary {
  /** One of the configured categories (DEFAULT_TRIAGE_CATEGORIES unless TRIAGE_CATEGORIES is set). */
  category: string;
  sentiment: Sentiment;
  urgency: Urgency;
  /** One line an agent reads instead of the transcript's first message. */
  summary: string;
  /** The message's language, e.g. en, de, fr, es. */
  lang: string;
}
