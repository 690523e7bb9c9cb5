/**
 * Docs terms a question names: commands, API names, error codes, config keys and flags, written
 * in code-like form. Such a token is the same in every language the widget speaks, so a German
 * or Arabic question naming `cy.selectFile` finds the section that holds it even when its other
 * words match nothing in the English docs.
 */
import type { Retriever, SearchHit, SearchQuery } from '../ports';

/**
 * The code-like forms, each tried on the question as written:
 * - backticked: anything between backticks (`cy.get()`, `retries`), trimmed of a trailing `()`
 * - dotted: two or more identifiers joined by dots, the first and last of two characters or more (cy.selectFile, Cypress.env; not "z.B.")
 * - camelCase: a lower-case start and an upper-case letter inside (baseUrl, experimentalRunAllSpecs)
 * - UPPER_SNAKE: capitals and digits with at least one underscore (CYPRESS_RECORD_KEY)
 * - flags: two dashes and a word at a word start (--spec, --record)
 * - events: lower-case words joined by colons (uncaught:exception, before:browser:launch)
 */
const FORMS = [
  /`([^`\n]{2,60})`/g,
  /(?<![\w$.])([A-Za-z_$][\w$]+(?:\.[A-Za-z_$][\w$]*)*\.[A-Za-z_$][\w$]+)(?![\w$])/g,
  /(?<![\w$.])([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)(?![\w$])/g,
  /(?<![\w$])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![\w$])/g,
  /(?<![\w-])(--[a-z][a-z0-9-]*[a-z0-9])(?![\w-])/g,
  /(?<![\w:])([a-z]+(?::[a-z]+)+)(?![\w:])/g,
];

/** A URL is a link, not a term ("https://example.com" holds a dotted word). */
const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)\S+/g;

/**
 * The code-like tokens of a question, in the order they appear, without repeats.
 *
 * @example
 * codeTerms('wie lade ich eine datei hoch mit cy.selectFile') // ['cy.selectFile']
 * codeTerms('set baseUrl and CYPRESS_RECORD_KEY, run with --spec') // ['baseUrl', 'CYPRESS_RECORD_KEY', '--spec']
 */
export function codeTerms(question: string): string[] {
  const text = question.replace(WEB_ADDRESS, ' ');
  const found: { at: number; term: string }[] = [];
  for (const form of FORMS) {
    for (const match of text.matchAll(form)) {
      const term = match[1]!.trim().replace(/\(\)$/, '');
      if (term.length >= 2) found.push({ at: match.index, term });
    }
  }
  const seen = new Set<string>();
  return found.sort((a, b) => a.at - b.at).map(({ term }) => term).filter((term) => !seen.has(term.toLowerCase()) && seen.add(term.toLowerCase()));
}

/** How many hits of a term searched alone are read for one that holds it. */
const TERM_DEPTH = 20;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` holds `term` as a whole token, any case ("cy.get" is not held by "cy.getCookie"). */
export function holdsTerm(text: string, term: string): boolean {
  return new RegExp(`(?<![\\w$])${escape(term)}(?![\\w$])`, 'i').test(text);
}

/** Whether a section (a hit or an indexed chunk) holds the term in its title, heading or text. */
export const sectionHolds = (section: { title: string; section?: string; text: string }, term: string) => holdsTerm(`${section.title}\n${section.section ?? ''}\n${section.text}`, term);

/** The first of the question's code terms the hit's title, heading or text holds. */
export function termHeldBy(question: string, hit: SearchHit | undefined): string | undefined {
  if (!hit) return undefined;
  return codeTerms(question).find((term) => sectionHolds(hit, term));
}

/**
 * The hits with the sections that hold the question's code terms first. A term no hit holds is
 * searched for alone (a term is the same word in every language; the question's other words can
 * outweigh it), and the best section holding it joins the hits. Hits holding a term keep their
 * order among themselves, ahead of the rest; without code terms the hits are returned as they are.
 *
 * @example
 * await withTermHits(retriever, { text: 'wie lade ich eine datei hoch mit cy.selectFile', collection: 'docs', topK: 5 }, hits)
 * // [the cy.selectFile section, …the other hits]
 */
export async function withTermHits(retriever: Retriever, query: SearchQuery, hits: SearchHit[]): Promise<SearchHit[]> {
  const named = codeTerms(query.text);
  if (named.length === 0) return hits;
  const found: SearchHit[] = [];
  for (const term of named) {
    if (hits.some((hit) => sectionHolds(hit, term)) || found.some((hit) => sectionHolds(hit, term))) continue;
    // A flag or short term reads as a common word ("--spec" as "spec"): look further down for a section holding it as written.
    const alone = await retriever.search({ ...query, text: term, topK: TERM_DEPTH });
    const holder = alone.find((hit) => sectionHolds(hit, term));
    if (holder) found.push(holder);
  }
  const all = [...hits, ...found];
  const holding = all.filter((hit) => named.some((term) => sectionHolds(hit, term)));
  return [...holding, ...all.filter((hit) => !holding.includes(hit))].slice(0, Math.max(query.topK, holding.length));
}
