/**
 * Topics where the assistant must not answer at all, only hand over to a person:
 * money going back, disputed charges, legal threats, privacy requests, security
 * incidents and policy exceptions. A wrong AI answer here costs money or trust.
 *
 * Decision on debatable uses: any question about *our* refunds, including "what
 * is your refund policy?", goes to a person (a model paraphrasing a refund policy
 * is a promise). "Refund", "GDPR", "exception" or "delete" said about the
 * visitor's own app under test ("stub the /api/refunds response", "test our GDPR
 * banner", "make an exception for one assertion") is a testing question and is
 * answered, unless the visitor also speaks about their own money, plan or data.
 */
import { NO_AI_TOPICS, type NoAiTopic } from '../domain/no-ai-topics';
import { matchedTerms, matchesAny, normalize, withoutQuoted } from './text-match';

// The ids are re-exported for triage/, which reads them from here.
export { NO_AI_TOPICS, type NoAiTopic };

interface TopicRule {
  patterns: RegExp[];
  /** Testing talk without the visitor's own money or data makes it innocent. */
  testingVeto: boolean;
}

const RULES: Record<NoAiTopic, TopicRule> = {
  refund: {
    testingVeto: true,
    patterns: [
      /\brefund/,
      /\bmoney back\b/,
      /\b(rück)?erstattung/,
      /\brembourse/,
      /\breembols/,
    ],
  },
  'billing-dispute': {
    testingVeto: true,
    patterns: [
      /\bcharge ?backs?\b/,
      /\bstop (charging|billing) (me|us|my|our)\b/,
      /\b(charged|billed) (us |me )?(twice|double|two times|incorrectly|wrongly|by mistake)/,
      /\bdouble[- ]?(charged|billed)\b/,
      /\bover-?charg/,
      /\b(wrong|incorrect|unauthori[sz]ed|unexpected|duplicate|disputed?) (charge|invoice|bill|amount|payment)/,
      /\b(charge|invoice|bill)\b[^.?!]{0,30}\b(is|was|looks) (wrong|incorrect|a mistake)/,
      /\bdispute (the|this|a|our|my) (charge|payment|invoice|bill)/,
      /\bdidn'?t (authori[sz]e|agree to) (this|the|that) (charge|payment)/,
    ],
  },
  legal: {
    testingVeto: false,
    patterns: [
      /\b(lawyer|attorney|solicitor|lawsuit|litigation|cease and desist)s?\b/,
      /\blegal (action|team|department|proceedings|steps)\b/,
      /\b(sue|suing|sued)\b/,
      /\btake (you|this|cypress) to court\b/,
      /\bcomplaint (with|to) (the )?[\w\s]{0,30}(authority|regulator|ico|cnil|ftc|ombudsman)\b/,
    ],
  },
  privacy: {
    testingVeto: true,
    patterns: [
      /\b(delete|erase|remove|wipe|purge)\s+(all\s+)?(of\s+)?(my|our)\s+(personal\s+)?(data|information|info|details|records|account)\b/,
      /\bright to (be forgotten|erasure)\b/,
      /\b(gdpr|ccpa|dsgvo|rgpd)\b/,
      /\bdata (subject|protection) (access )?request\b|\bdsar\b/,
      /\bpersonal (data|information)\b[^.?!]{0,40}\b(you|cypress) (hold|store|have|keep|collect)/,
      /\b(data|information) (you|cypress) (hold|store|have|keep|collect)s? (about|on) (me|us)\b/,
      /\b(löschen sie meine daten|supprimer mes données|borrar mis datos)\b/,
    ],
  },
  security: {
    testingVeto: false,
    patterns: [
      /\b(hacked|compromised|account takeover|phishing)\b/,
      /\b(data |security )?breach(ed)?\b/,
      /\bunauthori[sz]ed (access|login|logins|user|users)\b/,
      /\b(leaked|exposed|stolen)\s+(\w+\s+){0,2}(keys?|tokens?|passwords?|credentials?|secrets?)\b/,
      /\b(keys?|tokens?|passwords?|credentials?|secrets?)\s+(was|were|got|has been|have been)\s+(leaked|exposed|stolen|compromised)/,
      /\bsecurity (vulnerabilit\w+|incident|hole|flaw)\b/,
      /\b(found|report\w*|discovered|disclos\w+)\s+(a\s+|an\s+)?(\w+\s+)?vulnerabilit/,
      /\bcve-\d{4}-\d+/,
      /\bsomeone (else )?(logged|got|broke) in(to)?\b/,
      /\bsuspicious (login|activity|sign-?in)/,
      // A vulnerability in our product, reported: the finding named and a wish to hand it over.
      /\b(xss|idor|csrf|ssrf|open redirect|sql injection|rce)\b.{0,160}\b(report\w*|disclos\w*|bounty|poc|details|melden|signal\w*|segnal\w*|report[ao]r?)\b/,
      /\b(report\w*|disclos\w*|(send|share|get|forward)\w* (the |my |our |you )?details|found|discovered|gefunden|trouv[ée]|trovato|encontr[ée]\w*).{0,60}\b(xss|idor|csrf|ssrf|open redirect)\b/,
      /\breport\w* (it |this |that )?responsibly\b/,
      /\bvulnerabilit\w* (report|finding)s?\b/,
      /\b(pen ?test|penetration test)\w*\s+(\w+\s+){0,3}(findings?|flagged|found|identified)\b/,
      // (No \b after an accented letter: to JavaScript it is not a word character.)
      /\b(faille|sicherheitsl[üu]cke|vulnerabilit[àa]|vulnerabilidade?|kwetsbaarheid).{0,80}\b(trouv|signal|gefunden|melden|trovato|segnal|encontr|report|gevonden|meld)|\b(trouv[ée]|gefunden|trovato|encontr\w+|gevonden).{0,40}\b(faille|l[üu]cke|vulnerabilit|kwetsbaarheid)/,
    ],
  },
  'policy-exception': {
    testingVeto: true,
    patterns: [
      /\b(make|grant|give)\s+(us\s+|me\s+)?(an?\s+)?(one[- ]time\s+)?exception\b/,
      /\bexception to (the|your) (policy|rules?|terms)/,
      /\bwaive\w*\b/,
      /\bextend (our|my|the) (free )?(trial|grace period|deadline)/,
      /\b(trial|grace period) extension\b/,
      /\b(get|give|offer)\s+(us\s+|me\s+)?(a|an|any|some)?\s*(special\s+|extra\s+|bigger\s+)?discount/,
      /\bdiscount (for|if|on) (us|our|me|my|committing|signing)\b/,
      /\bbend the rules\b/,
      /\b(credits?|compensation) (for|to) (us|our|me|my)\b|\bcompensate (us|me)\b/,
    ],
  },
};

const TESTING_CONTEXT = /\b(tests?|testing|specs?|cy\.\w+|intercept|stub\w*|mock\w*|assert\w*|e2e|fixtures?|(cypress|it) (check|verify|assert|test)s?)\b/;
const OWN_STAKE = [
  /\b(my|our) (money|card|subscription|plan|invoice|payment|bill|billing|account|data|personal|information|trial|contract|fees?|seats)\b/,
  /\b(refund|charge|bill|credit|compensate)\w*\s+(me|us)\b/,
  /\b(i|we) (want|need|would like|demand|deserve|expect)\b/,
];

/** The topic ids a message touches, among `topics`. */
export function detectNoAiTopics(message: string, topics: readonly NoAiTopic[] = NO_AI_TOPICS): { topic: NoAiTopic; terms: string[] }[] {
  const text = normalize(withoutQuoted(message));
  const innocentTesting = TESTING_CONTEXT.test(text) && !matchesAny(text, OWN_STAKE);
  const found: { topic: NoAiTopic; terms: string[] }[] = [];
  for (const topic of topics) {
    const rule = RULES[topic];
    if (rule.testingVeto && innocentTesting) continue;
    const terms = matchedTerms(text, rule.patterns);
    if (terms.length > 0) found.push({ topic, terms });
  }
  return found;
}
