/**
 * Text analysis shared by indexing and querying: tokenizing, stop words,
 * Porter stemming and a small table of generic support synonyms.
 *
 * Both sides must analyse text the same way, so this file is the one place
 * that decides what a "term" is.
 */
import { stemmer } from 'stemmer';

// Generic English function words plus question fillers ("how do I ...").
const STOP_WORDS = new Set(
  (
    'a about above after again all also am an and any are as at be been before being below between both but by can could ' +
    'did do does doing done down during each either else etc ever every few for from further get gets got had has have having he her ' +
    'here hers him his how however i if in into is it its itself just let like ll me might more most much must my myself ' +
    'need needs no nor not now of off on once one only or other our ours out over own per please possible re really same ' +
    'shall she should so some such than that the their theirs them then there these they this those through to too under until ' +
    'up upon us ve very via want wants was way we were what whatever when where whether which while who whom whose why will ' +
    'with within without would yes yet you your yours yourself d s t m'
  ).split(' '),
);

/** True for words that carry no meaning for retrieval. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

const WORD = /[\p{L}\p{N}]+(?:['’._-][\p{L}\p{N}]+)*/gu;
const CAMEL_BOUNDARY = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;
const PLAIN = /^[a-z0-9]+$/;
/** Stems of the words seen, as Porter stemming is a pure function and costs more than a lookup; cleared when full (20,000 words, about 1.4 MB; the Cypress docs use 10,406). */
const stems = new Map<string, string>();
const STEMS_KEPT = 20_000;

/**
 * Split text into lowercase tokens. Compound identifiers are kept whole and
 * also split into their parts, so `elementFilters`, `cy.get` and `end-to-end`
 * match both the identifier and its words.
 *
 * @example
 * tokenize('Set baseUrl in cy.visit()') // ['set', 'baseurl', 'base', 'url', 'in', 'cy.visit', 'cy', 'visit']
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    // Most words are plain lowercase: no separator, no case change to split at, so the word is its one token.
    if (PLAIN.test(word)) {
      tokens.push(word);
      continue;
    }
    const parts = word.split(/['’._-]/).flatMap((part) => part.split(CAMEL_BOUNDARY));
    if (parts.length > 1 && !/['’]/.test(word)) tokens.push(word.toLowerCase().replace(/[_-]/g, ''));
    for (const part of parts) tokens.push(part.toLowerCase());
  }
  return tokens;
}

/** Normalise one token into an index term, or undefined for a stop word or noise. */
export function processTerm(token: string): string | undefined {
  if (token.length < 2 && !/\d/.test(token)) return undefined;
  if (STOP_WORDS.has(token)) return undefined;
  if (token.length > 40) return undefined;
  if (!/^[a-z]+$/.test(token)) return token;
  let stem = stems.get(token);
  if (stem === undefined) {
    if (stems.size >= STEMS_KEPT) stems.clear();
    stem = stemmer(token);
    stems.set(token, stem);
  }
  return stem;
}

/** Tokenize and normalise a text into the terms the index stores. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term) terms.push(term);
  }
  return terms;
}

/**
 * Groups of phrases that mean the same in support questions. Generic product
 * vocabulary only: abbreviations, spelling variants and everyday synonyms.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['e2e', 'end-to-end', 'end to end'],
  ['ci', 'continuous integration'],
  ['cd', 'continuous delivery', 'continuous deployment'],
  ['sso', 'single sign-on', 'saml'],
  ['2fa', 'mfa', 'two-factor', 'multi-factor'],
  ['sign in', 'log in', 'login', 'signin', 'logon'],
  ['sign out', 'log out', 'logout'],
  ['sign up', 'signup', 'register', 'create an account'],
  ['delete', 'remove', 'erase'],
  ['price', 'cost', 'pricing', 'billing', 'payment', 'charge', 'fee'],
  ['plan', 'subscription', 'tier'],
  ['invoice', 'receipt'],
  ['cancel', 'unsubscribe'],
  ['refund', 'money back'],
  ['user', 'member', 'seat'],
  ['org', 'organization', 'organisation'],
  ['repo', 'repository'],
  ['env', 'environment'],
  ['env var', 'environment variable'],
  ['config', 'configuration', 'configure'],
  ['auth', 'authentication', 'authenticate'],
  ['docs', 'documentation'],
  ['url', 'link', 'address'],
  ['email', 'e-mail'],
  ['password', 'passcode', 'credential'],
  ['permission', 'access', 'role'],
  ['disable', 'turn off', 'deactivate', 'switch off'],
  ['enable', 'turn on', 'activate', 'switch on'],
  ['limit', 'quota', 'maximum'],
  ['error', 'failure', 'exception'],
  ['bug', 'issue', 'problem', 'defect'],
  ['slow', 'speed', 'performance', 'fast'],
  ['flaky', 'flake', 'intermittent'],
  ['debug', 'troubleshoot', 'diagnose'],
  ['install', 'setup', 'set up'],
  ['run', 'execute', 'launch'],
  ['record', 'recording', 'video'],
  ['screenshot', 'screen capture'],
  ['mobile', 'phone', 'device'],
  ['js', 'javascript'],
  ['ts', 'typescript'],
  ['spec', 'test file'],
  ['free', 'no cost'],
  ['upgrade', 'update'],
  ['timeout', 'time out'],
];

/** Stem a token without dropping stop words, for matching multi-word phrases. */
function normalizeToken(token: string): string {
  return /^[a-z]+$/.test(token) ? stemmer(token) : token;
}

/** Each phrase as its normalised tokens (for matching), its index terms (for expansion) and its group. */
const PHRASES = SYNONYM_GROUPS.flatMap((group, index) =>
  group.map((phrase) => ({ tokens: tokenizePhrase(phrase), terms: analyze(phrase), group: index })),
);

function tokenizePhrase(phrase: string): string[] {
  // A compound phrase ("end-to-end") is matched through its parts, not its joined form.
  return phrase.split(/[\s_-]+/).flatMap((word) => tokenize(word).slice(-1)).map(normalizeToken);
}

/** One analysed query term, its weight, and the query concept it stands for. */
export interface QueryTerm {
  term: string;
  weight: number;
  /** The user's word this term stands for; synonyms share the concept of the phrase they expand. */
  concept: number;
}

/** Weight of a term added by synonym expansion, relative to the user's own words. */
export const SYNONYM_WEIGHT = 0.5;

/**
 * Analyse a question into weighted terms: the user's own words at weight 1,
 * plus the other phrasings of any synonym group the question mentions.
 *
 * @example
 * analyzeQuery('How do I log in with SSO?').map((t) => t.term) // ['log', 'sso', 'login', 'signin', ...]
 */
export function analyzeQuery(text: string): QueryTerm[] {
  const tokens = tokenize(text);
  const normalized = tokens.map(normalizeToken);
  const terms = new Map<string, QueryTerm>();
  const conceptAt: (number | undefined)[] = [];
  let concepts = 0;
  tokens.forEach((token, position) => {
    const term = processTerm(token);
    if (!term) return;
    let entry = terms.get(term);
    if (!entry) {
      entry = { term, weight: 1, concept: concepts++ };
      terms.set(term, entry);
    }
    conceptAt[position] = entry.concept;
  });
  for (const phrase of PHRASES) {
    const at = indexOfSequence(normalized, phrase.tokens);
    if (at < 0) continue;
    const concept = conceptAt.slice(at, at + phrase.tokens.length).find((value) => value !== undefined) ?? concepts++;
    for (const other of PHRASES) {
      if (other.group !== phrase.group || other === phrase) continue;
      for (const term of other.terms) {
        if (!terms.has(term)) terms.set(term, { term, weight: SYNONYM_WEIGHT, concept });
      }
    }
  }
  return [...terms.values()];
}

function indexOfSequence(haystack: string[], needle: string[]): number {
  if (needle.length === 0) return -1;
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    return start;
  }
  return -1;
}
