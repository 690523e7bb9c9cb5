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
  /\bget me (a|an|someone|somebody|your|support)\b/,
  // "can someone from your team look", "someone on your side", "whoever handles renewals"
  /\b(someone|somebody|anyone|anybody|a person|whoever)( \w+){0,2} (from|at|on|in) (your|cypress)\b/,
  /\b(someone|somebody|anybody|anyone) (on|at|from) (your|the) (side|end)\b/,
  /\bwhoever (handles|deals with|is in charge of|owns|manages|can (help|explain|look))\b/,
  /\b(can|could|would|will) (someone|somebody|anyone|anybody|a person|one of you)\b[^.?!]{0,40}\b(look|check|call|ring|explain|fix|review|contact|email|get back|verify|reset|investigate|jump on|walk)\b/,
  /\b(need|want|get) (someone|somebody) (who can|on this|to (look|check|call|fix|help|explain|verify|reset|review|confirm|sign))\b|\bhave (someone|somebody) (look|check|call)\b/,
  /\bone of your (\w+ ){0,2}(engineers|people|staff|colleagues|reps|folks|experts|team)\b/,
  /\byour (\w+ )?(folks|staff|engineers)\b[^.?!]{0,30}\b(call|look|help|check)\b|\b(call|zoom|meeting) with (your|one of your|an? (actual|real)|whoever)\b/,
  // "is anyone there", "does anyone actually read this", "human?"
  /\b(is|are) (there )?(anyone|anybody|someone|somebody) (there|here|around|real|actually|monitoring|reading|at (cypress|your))\b|\b(does|do|will) (anyone|anybody|a person|a human) (actually |even |ever )?(read|see|monitor|look at)\b/,
  /^(human|person|agent|anyone|someone)( there)?\s*\?+$/,
  /\b(get|jump|hop) on a (call|zoom|phone call|quick call|meeting)\b|\bgive (me|us) a (call|ring)\b|\bcall (me|us) back\b/,
  /\b(pass|hand|forward|transfer|route) (me|us|this|it)( on| over| along)? to\b(?!( the| your)? product\b)/,
  /\b(prefer|rather) (have |talk to |speak (to|with) |deal with )?(an? )?((actual|real|live) )?(staff|person|human|someone|somebody|agent|people)\b/,
  /\b(real|actual) (inbox|staff|engineer|staff member|member of staff)\b|\bsupport (inbox|e-?mail( address)?|ticket)\b|\bticket form\b/,
  /\b(a|your|customer service|sales|support) representative\b(?!\s+(sample|set|subset|example|selection|of)\b)/,
  /\b(phone|telephone) (number|line|support)\b/,
  /\bcan (i|we) (call|phone|ring) (you|someone|somebody|support|your|a person)\b/,
  /\b(call|phone|ring) (me|us)\b/,
  /\bnumber (i|we) can call\b/,
  /(?<!(have|need|got) to )\b(contact|reach|email) (your |the )?(support|sales|team|someone|a person)\b/,
  /^(an? )?(live |real |human )?(agent|human|person|operator|representative|rep)( please| pls| now)?[.!]*$/,
  // German
  /\b(mitarbeiter\w*|menschen|jemandem|ansprechpartner\w*|kundendienst|kundenservice|berater\w*)\b[^.?!]{0,30}\b(sprechen|reden|verbinden|kontaktieren)\b/,
  /\b(echte[nrm]?|richtige[nrm]?) (person|mensch\w*)\b/,
  /\bjemand(en|em)? (von|aus|bei) (euch|ihnen|ihrem|eurem|dem team)\b|\bzurück(zu)?rufen\b|\bmit wem (kann|können|könnte|sollte)\b|\bbitte (einen|eine) (mitarbeiter\w*|menschen)\b/,
  /\b(an|zum) (den |einen |ihren |euren )?(kundenservice|kundendienst|support|mitarbeiter\w*)\b[^.?!]{0,20}\bweiter(leiten|geben)\b|\bweiter(leiten|geben)\b[^.?!]{0,30}\b(kundenservice|kundendienst|support|mitarbeiter\w*)\b/,
  // Italian and Dutch, which customers write too
  /\b(parlare|sentire) con qualcuno\b|\bqualcuno (mi )?richiami\b|\bc'è qualcuno\b|\biemand van jullie\b|\bbij jullie\b[^.?!]{0,20}\b(kijken|bellen)\b|\bwie kan\b[^.?!]{0,30}\bbij jullie\b/,
  // French
  /\bparler (à|a|avec) (un|une|quelqu'un|le|la|votre)\s*(vrai\w*\s+)?(humain|personne|conseill\w+|agent|support|service|quelqu'un)?/,
  /\b(vraie personne|vrai humain|être humain)\b/,
  /\bquelqu'un (de|chez) (chez )?(vous|votre)\b|\b(me|nous) rappeler\b|\bmettre en relation\b|\béchanger avec quelqu'un\b|\bqui,? chez vous\b|\bquelqu'un (lit|est là)\b/,
  /\bun (ingénieur|conseiller|technicien|humain)\b[^.?!]{0,20}\b(peut|pourrait)\b/,
  // Spanish
  /\bhablar con (una?\s+|alguien|el\s+|la\s+)?(persona|humano|agente|representante|asesor|alguien|soporte)?/,
  /\b(persona real|un humano|un agente)\b(?! de ia)/,
  /\balguien de (su|tu|vuestro|vuestra|sus|ustedes)\b|\bhay alguien\b|\b(necesito|quiero) que alguien\b|\balguien (me )?(puede|pueda|podría|pudiera) (ayudar|llamar|revisar|quitar|atender)\b|\bpasar(me|nos)? con\b|\bpor teléfono\b|\bteléfono de soporte\b|\bme (llamen|llame)\b/,
];

/** The phrases that ask for a person; empty when the message does not. */
export function findHumanRequest(message: string): string[] {
  return matchedTerms(normalize(withoutQuoted(message)), PATTERNS);
}
