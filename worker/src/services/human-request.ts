/**
 * Detects an explicit request for a person, in English, German, French and
 * Spanish. Only phrasings that ask for a person count: "agent" inside
 * "user agent", "the agent in CI" or "log in as an agent" never does, and
 * quoted text (a button label under test) is ignored.
 */
import { matchedTerms, normalize, withoutQuoted } from './text-match';

const PERSON = '(human|humans|person|people|agent|rep|representative|someone|somebody|support|team|engineer|staff|sales|manager|operator|employee|department|account manager|customer success)';

const PATTERNS: RegExp[] = [
  // "talk to a real person", "speak with someone", "chat with your support team"
  new RegExp(`\\b(talk|speak|chat|get in touch)\\s+(to|with)\\s+((a|an|the|your|some|one of your)\\s+)?((real|live|actual|human|support|customer service|sales|billing|technical|tech)\\s+)*${PERSON}\\b`),
  /\b(real|live|actual)\s+(person|human|agent|people|support)\b/,
  /\bhuman (being|agent|support|help)\b/,
  /\b(connect|transfer|put|forward)\s+(me|us)\s+(to|with|through)\b/,
  /\bescalate (this|it|my|our|me)\b|\b(can you|please|i want to|i'd like to|i would like to) escalate\b/,
  /\b(need|want|prefer)\s+(a|an|to talk to a|to speak to a)?\s*(real |live |actual )?(person|human)\b/,
  /\b(someone|somebody|a person|a human) on the (phone|line)\b/,
  /\b(a|an|some)\s+(human|person)\s+(to\s+)?(look|help|check|review|respond|answer|contact|call)/,
  /\bget me (a|an|someone|somebody|your)\b/,
  /\b(a|your|customer service|sales|support) representative\b(?!\s+(sample|set|subset|example|selection|of)\b)/,
  /\b(phone|telephone) (number|line|support)\b/,
  /\bcan (i|we) (call|phone|ring) (you|someone|somebody|support|your|a person)\b/,
  /\b(call|phone|ring) (me|us)\b/,
  /\bnumber (i|we) can call\b/,
  /\b(contact|reach|email) (your |the )?(support|sales|team|someone|a person)\b/,
  /^(an? )?(live |real |human )?(agent|human|person|operator|representative|rep)( please| pls| now)?[.!]*$/,
  // German
  /\b(mitarbeiter\w*|menschen|jemandem|ansprechpartner\w*|kundendienst|kundenservice|berater\w*)\b[^.?!]{0,30}\b(sprechen|reden|verbinden|kontaktieren)\b/,
  /\b(echte[nrm]?|richtige[nrm]?) (person|mensch\w*)\b/,
  // French
  /\bparler (à|a|avec) (un|une|quelqu'un|le|la|votre)\s*(vrai\w*\s+)?(humain|personne|conseill\w+|agent|support|service|quelqu'un)?/,
  /\b(vraie personne|vrai humain|être humain)\b/,
  // Spanish
  /\bhablar con (una?\s+|alguien|el\s+|la\s+)?(persona|humano|agente|representante|asesor|alguien|soporte)?/,
  /\b(persona real|un humano|un agente)\b/,
];

/** The phrases that ask for a person; empty when the message does not. */
export function findHumanRequest(message: string): string[] {
  return matchedTerms(normalize(withoutQuoted(message)), PATTERNS);
}
