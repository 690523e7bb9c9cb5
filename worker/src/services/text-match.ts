/**
 * Small text helpers shared by the escalation signals: normalisation, quoted
 * text removal, content tokens and a similarity measure for short questions.
 */

/** Lower-case, with typographic apostrophes and whitespace made plain. */
export function normalize(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * Drop quoted text ("Talk to a human", 'Contact support', `code`): a visitor
 * quoting a button label or an error is describing it, not asking for it.
 * Contractions such as isn't survive because a quote only opens after a space.
 */
export function withoutQuoted(text: string): string {
  return text
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]{0,200}"/g, ' ')
    .replace(/«[^»]{0,200}»/g, ' ')
    .replace(/(^|[\s(:])'[^'\n]{1,120}'(?=[\s.,;:!?)]|$)/g, '$1 ');
}

const STOPWORDS = new Set(
  ('a an and are as at be but by can could do does for from how i if in into is it its me my of on or our so ' +
    'that the their then there these this to us was we what when where which who why will with would you your ' +
    'again ok okay please still just also really now hi hello thanks thank otherwise')
    .split(' '),
);

/** Crude stemming is enough to match "tests" with "test" and "clearing" with "clear". */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The set of stemmed content words of a text. */
export function contentTokens(text: string): Set<string> {
  const words = normalize(text).match(/[\p{L}\p{N}][\p{L}\p{N}._-]*/gu) ?? [];
  return new Set(words.filter((word) => !STOPWORDS.has(word)).map(stem));
}

/**
 * Overlap coefficient |A∩B| / min(|A|,|B|), so a short re-ask of a longer
 * question still scores high, but 0 when the Jaccard index is under 0.3, so a
 * follow-up that merely shares a topic word or two does not. Sets under two
 * words never match.
 */
export function similarity(left: Set<string>, right: Set<string>): number {
  if (left.size < 2 || right.size < 2) return 0;
  let shared = 0;
  for (const token of left) if (right.has(token)) shared += 1;
  const union = left.size + right.size - shared;
  return shared / union < 0.3 ? 0 : shared / Math.min(left.size, right.size);
}

/** True when any pattern matches. */
export function matchesAny(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(text));
}

/** The texts of the patterns that match, for a signal's detail. */
export function matchedTerms(text: string, patterns: readonly RegExp[]): string[] {
  const terms: string[] = [];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) terms.push(match[0].trim());
  }
  return terms;
}
