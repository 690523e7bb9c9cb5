/**
 * A spelling corrector built from the index's own vocabulary: a question word the docs never use
 * is replaced by the commonest docs word one edit away (two for long words). Words the docs use,
 * stop words, short words and code terms (`cy.get`, `baseUrl`) are never touched, so an exactly
 * spelt question ranks as before.
 */
import type { SearchIndex } from './search-index';
import { isStopWord, processTerm } from '../domain/text-analysis';
import { countSpellingWords } from './spelling-words';

/** Surface words of the docs (lowercase, letters only) by first letter and length, each with how often it occurs. */
type Vocabulary = Map<string, Map<string, number>>;

const vocabularies = new WeakMap<SearchIndex, Vocabulary>();
const corrections = new WeakMap<SearchIndex, Map<string, string | undefined>>();

// People rarely mistype a word's first letter; looking only among words that share it keeps a lookup well under a millisecond.
const bucket = (first: string, length: number) => `${first}${length}`;

/** The index's stored spelling words, or (an index built in memory) counted from its texts. */
function spellingWords(index: SearchIndex): [string, number][] {
  if (index.spelling) return index.spelling;
  const texts = index.chunks.map((chunk, number) => {
    const text = index.texts.get(number);
    if (text === undefined) throw new Error(`Chunk ${chunk.id} has no text in memory, and the index stores no spelling words: rebuild it with \`npm run ingest\`.`);
    return text;
  });
  return countSpellingWords(index.chunks.map((chunk) => chunk.section), texts);
}

function vocabularyOf(index: SearchIndex): Vocabulary {
  let vocabulary = vocabularies.get(index);
  if (!vocabulary) {
    vocabulary = new Map();
    for (const [word, count] of spellingWords(index)) {
      let sameLength = vocabulary.get(bucket(word[0]!, word.length));
      if (!sameLength) vocabulary.set(bucket(word[0]!, word.length), (sameLength = new Map()));
      sameLength.set(word, count);
    }
    vocabularies.set(index, vocabulary);
  }
  return vocabulary;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_value, position) => position);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** The docs word closest to `word`, or undefined when none is close enough. */
function closest(vocabulary: Vocabulary, word: string): string | undefined {
  const limit = word.length >= 8 ? 2 : 1;
  let best: { word: string; distance: number; count: number } | undefined;
  for (let length = word.length - limit; length <= word.length + limit; length++) {
    for (const [candidate, count] of vocabulary.get(bucket(word[0]!, length)) ?? []) {
      const distance = editDistance(word, candidate, limit);
      if (distance > limit) continue;
      if (!best || distance < best.distance || (distance === best.distance && count > best.count)) best = { word: candidate, distance, count };
    }
  }
  return best?.word;
}

/**
 * The question with each plain word the docs never use spelt as the closest docs word.
 *
 * @example
 * correctSpelling(index, 'whats the diffrence between cy.get and .find') // 'whats the difference between cy.get and .find'
 */
export function correctSpelling(index: SearchIndex, text: string): string {
  return text.replace(/[A-Za-z]+(?:[._-][A-Za-z]+)*/g, (word) => {
    const lower = word.toLowerCase();
    if (!/^[a-z]{4,}$/.test(lower) || isStopWord(lower)) return word;
    const term = processTerm(lower);
    if (term === undefined || index.documentFrequency.has(term)) return word;
    let known = corrections.get(index);
    if (!known) corrections.set(index, (known = new Map()));
    if (!known.has(lower)) known.set(lower, closest(vocabularyOf(index), lower));
    return known.get(lower) ?? word;
  });
}
