/**
 * MiniSearch's postings in arrays for the index file. Its own plain form keeps each term's
 * postings as objects keyed by document id (`{"0": {"12": 1, "15": 2}}`); parsed, those are
 * dictionary objects, which cost several times the heap of the same numbers in an array, and
 * the worker holds all of them while the engine is built. Packed, a term is one array,
 * `[term, fieldId, [shortId, frequency, shortId, frequency, ...], fieldId, [...], ...]`,
 * and `unpackPostings` hands MiniSearch one term's plain form at a time.
 */
import type { AsPlainObject } from 'minisearch';

/** One term: `[term, fieldId, pairs, fieldId, pairs, ...]`, pairs being document short id and term frequency. */
export type PackedTerm = [string, ...(number | number[])[]];

/** MiniSearch's plain object with its postings packed. */
export type PackedSearch = Omit<AsPlainObject, 'index'> & { postings: PackedTerm[] };

type PlainPostings = AsPlainObject['index'];

export function packSearch(plain: AsPlainObject): PackedSearch {
  const { index, ...rest } = plain;
  return { ...rest, postings: packPostings(index) };
}

export function packPostings(index: PlainPostings): PackedTerm[] {
  return index.map(([term, fields]) => {
    const row: PackedTerm = [term];
    for (const [fieldId, documents] of Object.entries(fields)) {
      const pairs: number[] = [];
      for (const [shortId, frequency] of Object.entries(documents)) pairs.push(Number(shortId), frequency);
      row.push(Number(fieldId), pairs);
    }
    return row;
  });
}

/** The plain form MiniSearch.loadJS reads, one term at a time, so the whole of it never exists at once. */
export function* unpackPostings(postings: readonly PackedTerm[]): Generator<PlainPostings[number]> {
  for (const row of postings) {
    const fields: Record<string, Record<string, number>> = {};
    for (let at = 1; at < row.length; at += 2) {
      const pairs = row[at + 1] as number[];
      const documents: Record<string, number> = {};
      for (let pair = 0; pair < pairs.length; pair += 2) documents[pairs[pair]!] = pairs[pair + 1]!;
      fields[row[at] as number] = documents;
    }
    yield [row[0], fields];
  }
}

/** How many documents each term occurs in, in any field. */
export function documentFrequencies(postings: readonly PackedTerm[]): Map<string, number> {
  const frequencies = new Map<string, number>();
  for (const row of postings) {
    const documents = new Set<number>();
    for (let at = 2; at < row.length; at += 2) {
      const pairs = row[at] as number[];
      for (let pair = 0; pair < pairs.length; pair += 2) documents.add(pairs[pair]!);
    }
    frequencies.set(row[0], documents.size);
  }
  return frequencies;
}
