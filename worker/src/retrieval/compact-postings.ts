/**
 * MiniSearch's term index in typed arrays, for a loaded (read-only) index. MiniSearch keeps a
 * Map of document id to frequency per term and field: about 23 MiB of heap for the 6,753
 * chunks of the Cypress docs, and most of what a Worker could not hold at 2,000 pages. Here
 * the terms stay in MiniSearch's own radix tree (SearchableMap, so exact and fuzzy lookups
 * find the same terms in the same order) with a number for each, and the postings are two
 * flat arrays; `get` hands MiniSearch a read-only Map-like view of one term's postings.
 * MiniSearch itself still scores every match, so results equal those of its own index.
 *
 * It stands in for the private `_index` of MiniSearch 7.2 (pinned exactly in package.json):
 * MiniSearch's search reads `get`, `fuzzyGet` and `atPrefix`, and `toJSON` iterates it;
 * compact-postings.test.ts checks that results stay identical to MiniSearch's own index.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { PackedSearch, PackedTerm } from './packed-postings';

/** One term's postings in one field: document short ids (ascending, as MiniSearch's own Map) and frequencies. */
class FieldPostings {
  readonly size: number;
  #cursor = 0;

  constructor(
    readonly documents: Uint32Array,
    readonly frequencies: Uint16Array | Uint32Array,
  ) {
    this.size = documents.length;
  }

  keys(): IterableIterator<number> {
    return this.documents.values();
  }

  /** MiniSearch reads each document's frequency right after its id comes out of `keys()`: that one is checked first. */
  get(document: number): number | undefined {
    const { documents } = this;
    let at = this.#cursor;
    if (documents[at] !== document) at = documents[at + 1] === document ? at + 1 : binarySearch(documents, document);
    if (at < 0) return undefined;
    this.#cursor = at;
    return this.frequencies[at];
  }

  has(document: number): boolean {
    return binarySearch(this.documents, document) >= 0;
  }

  *entries(): IterableIterator<[number, number]> {
    for (let at = 0; at < this.size; at++) yield [this.documents[at]!, this.frequencies[at]!];
  }

  [Symbol.iterator]() {
    return this.entries();
  }

  delete(): never {
    throw new Error('A loaded search index is read-only: rebuild it with `npm run ingest`.');
  }
}

export function binarySearch(sorted: Uint32Array, value: number, low = 0, high = sorted.length - 1): number {
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = sorted[middle]!;
    if (found === value) return middle;
    if (found < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

type TermData = Map<number, FieldPostings>;

export class CompactPostings {
  readonly #terms = new SearchableMap<number>();
  readonly #fields: number;
  /** Where term t's postings in field f start: `starts[t * fields + f]`, ending where the next one starts. */
  readonly #starts: Uint32Array;
  readonly #documents: Uint32Array;
  readonly #frequencies: Uint16Array | Uint32Array;

  constructor(postings: readonly PackedTerm[], fields: number) {
    this.#fields = fields;
    let total = 0;
    let largest = 0;
    for (const row of postings) {
      for (let at = 2; at < row.length; at += 2) {
        const pairs = row[at] as number[];
        total += pairs.length / 2;
        for (let pair = 1; pair < pairs.length; pair += 2) largest = Math.max(largest, pairs[pair]!);
      }
    }
    this.#starts = new Uint32Array(postings.length * fields + 1);
    this.#documents = new Uint32Array(total);
    // A word more than 65,535 times in one chunk is unheard of, but would still count right.
    this.#frequencies = largest > 0xffff ? new Uint32Array(total) : new Uint16Array(total);
    let next = 0;
    postings.forEach((row, term) => {
      this.#terms.set(row[0], term);
      const byField = new Map<number, number[]>();
      for (let at = 1; at < row.length; at += 2) byField.set(row[at] as number, row[at + 1] as number[]);
      for (let field = 0; field < fields; field++) {
        this.#starts[term * fields + field] = next;
        const pairs = byField.get(field) ?? [];
        for (let pair = 0; pair < pairs.length; pair += 2) {
          this.#documents[next] = pairs[pair]!;
          this.#frequencies[next] = pairs[pair + 1]!;
          next++;
        }
      }
    });
    this.#starts[postings.length * fields] = next;
  }

  get size(): number {
    return this.#terms.size;
  }

  has(term: string): boolean {
    return this.#terms.has(term);
  }

  get(term: string): TermData | undefined {
    const number = this.#terms.get(term);
    return number === undefined ? undefined : this.#data(number);
  }

  fuzzyGet(term: string, maxDistance: number): Map<string, [TermData, number]> {
    const matches = new Map<string, [TermData, number]>();
    for (const [found, [number, distance]] of this.#terms.fuzzyGet(term, maxDistance)) matches.set(found, [this.#data(number), distance]);
    return matches;
  }

  atPrefix(prefix: string): [string, TermData][] {
    return [...this.#terms.atPrefix(prefix)].map(([term, number]) => [term, this.#data(number)]);
  }

  *[Symbol.iterator](): IterableIterator<[string, TermData]> {
    for (const [term, number] of this.#terms) yield [term, this.#data(number)];
  }

  /** The term's number, for `postingsOf`; undefined for a term the index does not hold. */
  numberOf(term: string): number | undefined {
    return this.#terms.get(term);
  }

  /** Terms within `maxDistance` edits of `term`, in MiniSearch's own order, with their numbers and distances. */
  fuzzyNumbers(term: string, maxDistance: number): [string, number, number][] {
    return [...this.#terms.fuzzyGet(term, maxDistance)].map(([found, [number, distance]]) => [found, number, distance]);
  }

  /** Where term `term`'s postings in `field` lie in `documents` and `frequencies` (start inclusive, end exclusive). */
  range(term: number, field: number): [number, number] {
    const at = term * this.#fields + field;
    return [this.#starts[at]!, this.#starts[at + 1]!];
  }

  /** Every posting: document short ids (ascending within a term and field) and term frequencies, read-only. */
  get documents(): Uint32Array {
    return this.#documents;
  }

  get frequencies(): Uint16Array | Uint32Array {
    return this.#frequencies;
  }

  fetch(): never {
    throw new Error('A loaded search index is read-only: rebuild it with `npm run ingest`.');
  }

  #data(term: number): TermData {
    const data: TermData = new Map();
    for (let field = 0; field < this.#fields; field++) {
      const start = this.#starts[term * this.#fields + field]!;
      const end = this.#starts[term * this.#fields + field + 1]!;
      if (end > start) data.set(field, new FieldPostings(this.#documents.subarray(start, end), this.#frequencies.subarray(start, end)));
    }
    return data;
  }
}

/**
 * A MiniSearch engine over packed postings, its term index in typed arrays; the same results as
 * `MiniSearch.loadJS` of the same postings.
 *
 * @example
 * const engine = loadCompactEngine(file.search, { fields: ['title', 'text'] });
 * engine.search('install');
 */
export function loadCompactEngine<T>(search: PackedSearch, options: Options<T>): MiniSearch<T> {
  const { postings, ...rest } = search;
  const engine = MiniSearch.loadJS<T>({ ...rest, index: [] } as AsPlainObject, options);
  (engine as unknown as { _index: unknown })._index = new CompactPostings(postings, Object.keys(search.fieldIds).length);
  return engine;
}
