/**
 * Escalation signals: each one a pure function that says whether it fired and,
 * when it did, why. The policy (escalation-policy.ts) weighs them.
 */
import sentiment from 'wink-sentiment';
import { findHumanRequest } from './human-request';
import { detectNoAiTopics, NO_AI_TOPICS, type NoAiTopic } from './no-ai-topics';
import { contentTokens, matchedTerms, normalize, similarity, withoutQuoted } from './text-match';

export type SignalCode =
  | 'human-request'
  | 'no-ai-topic'
  | 'frustration'
  | 'cancel-intent'
  | 'high-value'
  | 'low-confidence'
  | 'complex-issue'
  | 'loop'
  | 'long-conversation'
  | 'urgency'
  | 'triage-model';

export interface SignalResult {
  code: SignalCode;
  fired: boolean;
  detail?: string;
}

export interface HistoryTurn {
  role: 'visitor' | 'assistant' | 'agent';
  text: string;
  /** Unix ms. */
  at: number;
}

/** What the signals may know about the customer; only `verified` claims count. */
export interface CustomerFacts {
  verified: boolean;
  plan?: string;
  valueTier?: string;
}

export type ConfidenceLevel = 'high' | 'medium' | 'low' | 'none';

/** The turns frustration() and loop() read: the newest ones, so a long conversation costs no more per message. */
export const RECENT_TURNS = 40;

const result = (code: SignalCode, reasons: string[]): SignalResult =>
  reasons.length > 0 ? { code, fired: true, detail: reasons.join('; ') } : { code, fired: false };

const STRONG_FRUSTRATION = [
  /\b(useless|ridiculous|unacceptable|pathetic|terrible|horrible|awful|worst|garbage|rubbish|fed up|sick of|tired of|wtf|furious|angry|pissed|frustrat\w*|fuck\w*|shit\w*|nonsense)\b/,
  /\bwast(e|ing) (of )?(my |our )?time\b/,
  /\b(third|fourth|fifth|\d+(st|nd|rd|th)) time\b|\b(three|four|five|many) times (now|already)\b/,
  /\b(asked|told you|said|explained|asking|saying) (this |that |it )?(\w+ )?(already|again|twice|before)\b/,
  /!{3,}|\?{3,}|[!?]{4,}/,
];
const WEAK_FRUSTRATION = [
  /\bstill (not|doesn'?t|does not|isn'?t|won'?t|can'?t|fail\w*|broken|the same|no)\b/,
  /\b(again|same error|no change|doesn'?t help|didn'?t help|not helpful|not what i asked)\b[?!.]*$/,
  /^again\b/,
  /\b(nobody|no one|no-one) (has |have )?(helped|fixed|answered|replied|responded)\b/,
  /\bfor (days|weeks|a week|hours)\b/,
];

function isShouting(message: string): boolean {
  const letters = message.replace(/[^A-Za-z]/g, '');
  const upper = letters.replace(/[^A-Z]/g, '').length;
  return letters.length >= 12 && upper / letters.length >= 0.7;
}

/** Anger or exasperation: lexicon, shouting, "!!!", repeats and AFINN sentiment. */
export function frustration(message: string, history: readonly HistoryTurn[] = []): SignalResult {
  const text = normalize(message);
  const strong = matchedTerms(text, STRONG_FRUSTRATION);
  if (isShouting(message)) strong.push('shouting');
  const weak = matchedTerms(text, WEAK_FRUSTRATION);
  // wink-sentiment is quadratic in length: it reads the first 500 characters only.
  const score = sentiment(message.slice(0, 500)).normalizedScore;
  if (score <= -2.5) weak.push(`sentiment ${score.toFixed(1)}`);
  const tokens = contentTokens(message);
  const repeated = history.slice(-RECENT_TURNS).some((turn) => turn.role === 'visitor' && similarity(tokens, contentTokens(turn.text)) >= 0.95);
  if (repeated) weak.push('repeated message');
  return result('frustration', strong.length > 0 || weak.length >= 2 ? [...strong, ...weak] : []);
}

const CANCEL_INTENT = [
  /\bcancel\w*\s+(my|our|the)\s+((cypress\s+)?cloud\s+|team\s+|business\s+|enterprise\s+|annual\s+|paid\s+)?(subscription|plan|account|contract|membership|seats?|licen[cs]es?|renewal)\b/,
  /\bcancel (cypress cloud|cypress|everything)\b(?!\s+(runs?|tests?|specs?|commands?))/,
  /\b(switch|switching|move|moving|migrate|migrating|go|going|leave|leaving)\s+(\w+\s+){0,2}(to|for)\s+(playwright|selenium|webdriverio|webdriver\.io|testcafe|puppeteer|nightwatch|a competitor|another (tool|vendor|provider))\b/,
  /\b(not|won'?t|will not|don'?t|do not)\s+(be\s+|going to\s+)?renew\w*\b|\bnot renewing\b/,
  /\b(close|delete|terminate|end)\s+(my|our)\s+(account|subscription|contract)\b/,
  /\bdowngrad\w*\s+(our|my|the)\s+(plan|subscription|account|org\w*)\b|\bdowngrad\w*\s+(us\s+)?to\s+(the\s+)?free\b/,
  /\bstop paying\b|\b(kündigen|kündigung|résilier|résiliation|cancelar (mi|la|nuestra) (suscripción|cuenta))\b/,
];

/** Intent to cancel the subscription or leave for a competitor; "cancel a run" is not. */
export function cancelIntent(message: string): SignalResult {
  return result('cancel-intent', matchedTerms(normalize(withoutQuoted(message)), CANCEL_INTENT));
}

/** High value only from a verified identity; a visitor's own say-so never counts. */
export function highValue(customer: CustomerFacts | undefined): SignalResult {
  if (!customer?.verified) return result('high-value', []);
  const tier = customer.valueTier?.toLowerCase();
  const plan = customer.plan?.toLowerCase();
  const reasons: string[] = [];
  if (tier === 'high' || tier === 'enterprise') reasons.push(`value tier ${tier}`);
  if (plan === 'enterprise') reasons.push('enterprise plan');
  return result('high-value', reasons);
}

const ACCOUNT_SPECIFIC = [
  /\b(my|our)\s+(account|invoices?|bill|billing|subscription|org|orgs|organi[sz]ation'?s?|workspace|usage|seats|payment|card|sso|saml)\b/,
  /\b(our|my) (org|organi[sz]ation|team|company|project)'s\b/,
  /#\d{4,}\b|\b(inv|order|ticket|case|run)[-\s#]*\d{3,}\b/,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/,
];
const NEEDS_INVESTIGATION = [
  /\bsince (yesterday|this morning|today|last (week|night|update|release|deploy\w*)|monday|tuesday|wednesday|thursday|friday|the (update|upgrade|migration))\b/,
  /\berrors? (when|whenever|every time)\b/,
  /\b(bug|broken|regression|outage)\b/,
  /\b(missing|disappeared|vanished|gone|lost)\b/,
  /\bstopped (working|recording|showing|loading)\b|\bnot (showing|appearing|loading) (up )?(in|on)\b/,
  /\b(jump|jumped|spike|spiked)\b/,
];

function isMultiPart(text: string): boolean {
  const questions = (text.match(/\?+/g) ?? []).length;
  return questions >= 3 || (questions >= 2 && /\b(also|additionally|another question|and one more|plus)\b/.test(text)) || /(^|\n)\s*2[.)]\s/.test(text);
}

/** Needs a person's investigation: at least two of multi-part, account-specific, needs-investigation. */
export function complexIssue(message: string): SignalResult {
  const text = normalize(withoutQuoted(message));
  const kinds: string[] = [];
  if (isMultiPart(text) || /\balso\b[^.?!]*\?/.test(text)) kinds.push('multi-part');
  if (matchedTerms(text, ACCOUNT_SPECIFIC).length > 0) kinds.push('account-specific');
  if (matchedTerms(text, NEEDS_INVESTIGATION).length > 0) kinds.push('needs investigation');
  return result('complex-issue', kinds.length >= 2 ? kinds : []);
}

/** The visitor asks again what the assistant already answered. */
export function loop(message: string, recentHistory: readonly HistoryTurn[], minSimilarity = 0.6): SignalResult {
  const tokens = contentTokens(message);
  const history = recentHistory.slice(-RECENT_TURNS);
  for (let index = 0; index < history.length - 1; index += 1) {
    const turn = history[index];
    const next = history[index + 1];
    if (turn?.role !== 'visitor' || (next?.role !== 'assistant' && next?.role !== 'agent')) continue;
    const score = similarity(tokens, contentTokens(turn.text));
    if (score >= minSimilarity) return result('loop', [`repeats an answered question (similarity ${score.toFixed(2)})`]);
  }
  return result('loop', []);
}

/** Too many visitor turns or minutes since the last human reply, with no resolution. */
export function longConversation(history: readonly HistoryTurn[], now: number, maxTurns = 8, maxMinutes = 20): SignalResult {
  const lastAgent = history.map((turn) => turn.role).lastIndexOf('agent');
  const open = history.slice(lastAgent + 1);
  const turns = open.filter((turn) => turn.role === 'visitor').length + 1;
  const first = open[0]?.at ?? now;
  const minutes = (now - first) / 60_000;
  const reasons: string[] = [];
  if (turns > maxTurns) reasons.push(`${turns} visitor turns`);
  if (minutes > maxMinutes) reasons.push(`${Math.round(minutes)} minutes`);
  return result('long-conversation', reasons);
}

/** An explicit request for a person. */
export function explicitHumanRequest(message: string): SignalResult {
  return result('human-request', findHumanRequest(message));
}

/** A topic the assistant must not answer (see no-ai-topics.ts). Detail lists topic ids. */
export function noAiTopic(message: string, topics: readonly NoAiTopic[] = NO_AI_TOPICS): SignalResult {
  return result('no-ai-topic', detectNoAiTopics(message, topics).map((found) => found.topic));
}
