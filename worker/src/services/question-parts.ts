/**
 * Multi-part questions ("log in once and reuse it, and clear cookies between tests"): split
 * into parts, retrieve per part, so each part gets its own passage or is named as not covered.
 */
import type { Retriever, SearchHit, SearchQuery } from '../ports';

/** Where a question turns to another: ", and", "; ", or "and" before a question word ("? " is read by `sentences`). */
const BOUNDARY = /\s*(?:;\s+|,\s*(?:and|also|plus)\s+|,?\s+and\s+(?=(?:how|what|whats|what's|where|when|why|which|who|can|could|is|are|do|does|should)\b)|,?\s+(?:also|plus)\s+(?=(?:how|what|can|is|do|does)\b))/i;

/** Words that make a part a question of its own: two or more letters-only words besides the filler. */
const FILLER = new Set('a an and the it i to do does is are how what whats can of in on for my me we our you your this that'.split(' '));

const substantial = (part: string) => (part.toLowerCase().match(/[\p{L}\p{N}._-]+/gu) ?? []).filter((word) => !FILLER.has(word)).length >= 2;

/**
 * The question's parts, or the question alone when it has one. A split that would leave a part
 * of fewer than two meaningful words is not made ("cy.get and .find" stays one question).
 *
 * @example
 * splitQuestion('parallel runs on GitHub Actions, and how much does it cost') // ['parallel runs on GitHub Actions', 'how much does it cost']
 */
export function splitQuestion(text: string): string[] {
  const parts = sentences(text)
    .flatMap((sentence) => sentence.split(BOUNDARY))
    .map((part) => part.trim().replace(/[?.!]+$/, ''))
    .filter((part) => part !== '');
  if (parts.length < 2 || parts.length > 4 || !parts.every(substantial)) return [text];
  return parts;
}

/** Words that open a question: what follows a question mark is a second question only when it is one. */
const ASKS = /^(?:(?:and|also|plus|or)\s+)?(?:how|what|whats|what's|where|when|why|which|who|can|could|is|are|do|does|did|should|will|would)\b/i;

/**
 * The text cut at its question marks, where the words after one ask a question of their own (they
 * end with "?" or open with a question word). A statement after a question mark ("…in cypress? i get
 * an error when i try cy.hover") is the question's context and stays with it.
 */
function sentences(text: string): string[] {
  const pieces: string[] = [];
  for (const piece of text.split(/(?<=\?)\s+/)) {
    if (pieces.length === 0 || /\?\s*$/.test(piece) || ASKS.test(piece.trim())) pieces.push(piece);
    else pieces[pieces.length - 1] += ` ${piece}`;
  }
  return pieces;
}

/**
 * The hits for a question, part by part: each part's best hits in turn (round robin, one per page
 * first), so the second part's page is not crowded out by the first part's.
 */
export async function searchByParts(retriever: Retriever, query: SearchQuery): Promise<SearchHit[]> {
  const parts = splitQuestion(query.text);
  if (parts.length === 1) return retriever.search(query);
  const perPart = await Promise.all(parts.map((text) => retriever.search({ ...query, text, topK: Math.max(2, Math.ceil(query.topK / parts.length) + 1) })));
  const merged: SearchHit[] = [];
  const seen = new Set<string>();
  for (let rank = 0; merged.length < query.topK && perPart.some((hits) => hits[rank]); rank++) {
    for (const hits of perPart) {
      const hit = hits[rank];
      if (!hit || seen.has(hit.id) || merged.length >= query.topK) continue;
      seen.add(hit.id);
      merged.push(hit);
    }
  }
  return merged;
}
