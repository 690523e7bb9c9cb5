/**
 * Escalation reason codes, one spelling: kebab-case, with an optional detail
 * after a colon (`no-ai-topic:billing-dispute`). Codes are stored data, so
 * records written with snake_case (`visitor_request`, `no_ai_topic:refund`)
 * are read through `reasonCode()` and mean the same.
 *
 * @example
 * reasonCode('no_ai_topic:billing_dispute'); // 'no-ai-topic:billing-dispute'
 * reasonWords('no-ai-topic:billing-dispute'); // 'No-AI topic: billing dispute'
 */

/** The one spelling of a stored or sent reason code. */
export function reasonCode(raw: string): string {
  return raw.trim().toLowerCase().replace(/_/g, '-');
}

const WORDS: Record<string, string> = {
  'visitor-request': 'Visitor asked for a person',
  'human-request': 'Asked for a person',
  'explicit-human-request': 'Asked for a person',
  'no-ai-topic': 'No-AI topic',
  frustration: 'Frustrated',
  'cancel-intent': 'Wants to cancel',
  'high-value': 'High-value customer',
  'low-confidence': 'AI was not sure',
  'complex-issue': 'Complex issue',
  loop: 'Going in circles',
  'long-conversation': 'Long conversation',
  'triage-model': 'Triage model: a person should take this',
  'ai-disabled': 'AI switched off',
  rollout: 'Human-only rollout group',
  'internal-only': 'AI for internal users only',
  'out-of-scope': 'Product outside the AI’s scope',
};

/** A reason as a person reads it; an unknown code is shown with its dashes as spaces. */
export function reasonWords(raw: string): string {
  const [code = '', detail] = reasonCode(raw).split(/:(.*)/s, 2);
  const words = WORDS[code] ?? capitalise(code.replace(/-/g, ' '));
  return detail ? `${words}: ${detail.replace(/-/g, ' ')}` : words;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
