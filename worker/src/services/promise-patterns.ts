/**
 * Sentences in which the assistant would commit the company to something only a
 * person may grant: refunds, credits, discounts, deadlines, guarantees and
 * policy exceptions. Docs facts ("the command times out after 4 seconds") are
 * not commitments and must not match.
 */
const WE = "\\b(we|i|our (team|engineers?|support( team)?|billing( team)?)|the team|support|someone)\\s*('ll|'d|\\s+will|\\s+would|\\s+shall|\\s+can|\\s+could|\\s+are going to|\\s+am going to|\\s+promise to|\\s+intend to)";
const DEADLINE =
  '\\b((by|before|until) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|end of (the )?(day|week|month)|eod|eow|next week)|within (\\d+|one|two|a few|a couple of) (business |working )?(minutes?|hours?|days?|weeks?)|in (the next )?(\\d+|24|48) hours|today|asap)\\b';

export const PROMISE_PATTERNS: RegExp[] = [
  new RegExp(`${WE}\\s+(\\w+\\s+){0,3}(refund|credit|reimburse|compensate|waive|discount|reverse the charge|extend your trial|make an exception|upgrade you)`, 'i'),
  /\byou('ll| will| are going to| should) (get|receive|be (issued|given|refunded|credited|compensated))\b[^.!?]*\b(refund|credit|discount|money back|free|compensation)/i,
  /\b(full|partial|prorated|pro-rated) refund\b|\brefund(ed)? (you|your)\b|\byour money back\b/i,
  /\b\d+ ?(%|percent) (off|discount)\b|\b(a|an extra|special) discount (for|on) (you|your)\b/i,
  new RegExp(`(${WE}|\\b(this|it|the (fix|issue|bug))('ll| will) be (fixed|resolved|done|ready|shipped|released|sorted))[^.!?]*${DEADLINE}`, 'i'),
  new RegExp(`${DEADLINE}[^.!?]*(${WE}|\\b(this|it|the (fix|issue|bug))('ll| will) be (fixed|resolved|done|ready|shipped|released|sorted))`, 'i'),
  /\b(we|i) (can |will )?(guarantee|promise|assure you)\b|\bguaranteed (refund|credit|fix|resolution|uptime|response)\b/i,
  /\b(one-time|one time) exception\b|\bexception (for you|in your case)\b|\bfree of charge\b|\bat no (extra |additional )?cost to you\b/i,
];

export function isPromise(sentence: string): boolean {
  return PROMISE_PATTERNS.some((pattern) => pattern.test(sentence.replace(/[\u2018\u2019]/g, "'")));
}
