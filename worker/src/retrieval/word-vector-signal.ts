/**
 * Uses of pretrained word vectors (word-vectors.ts) in the ranking, each with its own weight:
 * - a page ranking: the cosine between the question's and each page's SIF-weighted mean vector
 *   (Arora, Liang and Ma 2017: each word weighs a / (a + p(word)), p its share of the docs' words),
 *   one more vote in the reciprocal rank fusion; optionally per chunk, or of titles and headings only;
 * - query expansion: a question word the docs never use is searched also as its nearest docs words
 *   (cosine at least `expansionBar`), at `expansionWeight` of its own weight, as the same concept;
 *   with `knownWeight`, words the docs do use are expanded too.
 * Measured in docs/retrieval.md ("Word vectors"); the worker does not use it. Page vectors are built
 * on first use from the chunk texts, so the index needs them in memory.
 */
import { analyze, type QueryTerm } from '../domain/text-analysis';
import { fuseRanks } from './rank-fusion';
import type { SearchIndex } from './search-index';
import { addRow, type WordVectors } from './word-vectors';

export interface WordVectorOptions {
  /** Weight of the page ranking in the fusion, next to 1 for the word-match ranking (0: not used). */
  pageWeight?: number;
  /** Least cosine for a docs word to stand in for a question word the docs never use. */
  expansionBar?: number;
  /** Weight of an expansion relative to the question word it stands in for (0: no expansion). */
  expansionWeight?: number;
  /** Weight of an expansion of a question word the docs do use (0: only words the docs never use are expanded). */
  knownWeight?: number;
  /** Most docs words one question word expands to. */
  expansionCount?: number;
  /** SIF's a: smaller weighs common words down harder. */
  sif?: number;
  /** Compare the question with whole pages, or with each chunk (a page scoring as its closest chunk). */
  level?: 'page' | 'chunk';
  /** Where expansions go: into the word-match search (and all that follows it), or only into the latent semantic ranking's question. */
  into?: 'search' | 'semantic';
  /** What a page's vector is made of: all its words, or only its title and section headings. */
  text?: 'all' | 'headings';
}

interface PageSpace {
  /** The page of each row, when the rows are chunks. */
  pageOf?: Int32Array;
  /** Unit vector of each page (or chunk), centred on the pages' mean (which SIF calls the common component). */
  vectors: Float32Array;
  /** Each docs term's share of all the docs' words. */
  share: Map<string, number>;
  /** The docs terms that have a vector, and their rows, for the expansion's nearest-neighbour scan. */
  docsRows: Int32Array;
  docsTerms: string[];
}

export class WordVectorSignal {
  readonly #table: WordVectors;
  readonly #options: Required<WordVectorOptions>;
  readonly #spaces = new WeakMap<SearchIndex, PageSpace>();

  constructor(table: WordVectors, options: WordVectorOptions = {}) {
    this.#table = table;
    this.#options = { pageWeight: 0.3, expansionBar: 0.6, expansionWeight: 0.5, expansionCount: 2, sif: 1e-3, level: 'page', knownWeight: 0, text: 'all', into: 'search', ...options };
  }

  /** The question's terms for the word-match search: expanded unless expansions go only into the semantic ranking. */
  expand(index: SearchIndex, terms: QueryTerm[]): QueryTerm[] {
    return this.#options.into === 'search' ? this.#expanded(index, terms) : terms;
  }

  /** The question's terms for the latent semantic ranking. */
  semanticTerms(index: SearchIndex, terms: QueryTerm[]): QueryTerm[] {
    return this.#options.into === 'semantic' ? this.#expanded(index, terms) : terms;
  }

  /** The question's terms plus the docs words that stand in for them. */
  #expanded(index: SearchIndex, terms: QueryTerm[]): QueryTerm[] {
    const { expansionBar, expansionWeight, expansionCount, knownWeight } = this.#options;
    if (expansionWeight <= 0 && knownWeight <= 0) return terms;
    const space = this.#space(index);
    const size = this.#table.dimensions;
    const { values, scales } = this.#table;
    const known = new Set(terms.map((term) => term.term));
    const added: QueryTerm[] = [];
    for (const term of terms) {
      const row = this.#table.termRow.get(term.term);
      const weight = index.documentFrequency.has(term.term) ? knownWeight : expansionWeight;
      if (row === undefined || weight <= 0) continue;
      const nearest: [number, number][] = [];
      for (let at = 0; at < space.docsRows.length; at++) {
        const other = space.docsRows[at]!;
        if (known.has(space.docsTerms[at]!)) continue;
        let dot = 0;
        for (let k = 0; k < size; k++) dot += values[row * size + k]! * values[other * size + k]!;
        const cosine = dot * scales[row]! * scales[other]!;
        if (cosine >= expansionBar) nearest.push([at, cosine]);
      }
      nearest.sort((a, b) => b[1] - a[1]);
      for (const [at] of nearest.slice(0, expansionCount)) {
        const docsTerm = space.docsTerms[at]!;
        if (known.has(docsTerm)) continue;
        known.add(docsTerm);
        added.push({ term: docsTerm, weight: term.weight * weight, concept: term.concept });
      }
    }
    return added.length > 0 ? [...terms, ...added] : terms;
  }

  /**
   * Adds the page ranking's vote to each page's fused rank and re-sorts. `fused` says whether the
   * ranks are already reciprocal-rank scores; if not, the current order is read as the first ranking.
   */
  vote(index: SearchIndex, evidence: { candidate: { page: number }; rank: number }[], terms: QueryTerm[], k: number, fused: boolean): void {
    if (this.#options.pageWeight <= 0 || evidence.length === 0) return;
    const closeness = this.pageCloseness(index, terms);
    if (!closeness) return;
    const votes = fuseRanks(evidence.map((item) => item.candidate.page), closeness, { k, weight: this.#options.pageWeight });
    evidence.forEach((item, position) => (item.rank = (fused ? item.rank : 1 / (k + position)) + votes[position]! - 1 / (k + position)));
    evidence.sort((a, b) => b.rank - a.rank);
  }

  /** Cosine between the question's SIF-weighted vector and each page's, or undefined when no word of it has a vector. */
  pageCloseness(index: SearchIndex, terms: QueryTerm[]): Float32Array | undefined {
    const space = this.#space(index);
    const size = this.#table.dimensions;
    const query = new Float32Array(size);
    let found = false;
    for (const term of terms) {
      const row = this.#table.termRow.get(term.term);
      if (row === undefined) continue;
      found = true;
      addRow(this.#table, row, term.weight * this.#sifWeight(space.share.get(term.term) ?? 0), query);
    }
    if (!found) return undefined;
    const closeness = new Float32Array(index.pages.length).fill(-1);
    const rows = space.vectors.length / size;
    for (let row = 0; row < rows; row++) {
      let dot = 0;
      for (let k = 0; k < size; k++) dot += query[k]! * space.vectors[row * size + k]!;
      const page = space.pageOf ? space.pageOf[row]! : row;
      if (dot > closeness[page]!) closeness[page] = dot;
    }
    return closeness;
  }

  #sifWeight(share: number): number {
    return this.#options.sif / (this.#options.sif + share);
  }

  #space(index: SearchIndex): PageSpace {
    let space = this.#spaces.get(index);
    if (!space) {
      space = this.#buildSpace(index);
      this.#spaces.set(index, space);
    }
    return space;
  }

  #buildSpace(index: SearchIndex): PageSpace {
    const size = this.#table.dimensions;
    const byChunk = this.#options.level === 'chunk';
    const pageCounts = (byChunk ? index.chunks : index.pages).map(() => new Map<string, number>());
    const counts = new Map<string, number>();
    let total = 0;
    index.chunks.forEach((chunk, number) => {
      const text = index.texts.get(number);
      if (text === undefined) throw new Error('word vectors: the chunk texts must be in memory');
      const own = pageCounts[byChunk ? number : chunk.page]!;
      const words = this.#options.text === 'headings' ? `${index.pages[chunk.page]!.title}\n${chunk.section}` : `${chunk.section}\n${text}`;
      for (const term of analyze(words)) {
        own.set(term, (own.get(term) ?? 0) + 1);
        counts.set(term, (counts.get(term) ?? 0) + 1);
        total++;
      }
    });
    const share = new Map([...counts].map(([term, count]) => [term, count / Math.max(1, total)]));
    const count = pageCounts.length;
    const vectors = new Float32Array(count * size);
    pageCounts.forEach((own, page) => {
      const vector = vectors.subarray(page * size, (page + 1) * size);
      for (const [term, count] of own) {
        const row = this.#table.termRow.get(term);
        if (row !== undefined) addRow(this.#table, row, count * this.#sifWeight(share.get(term)!), vector);
      }
      unit(vector);
    });
    const mean = new Float32Array(size);
    for (let page = 0; page < count; page++) for (let k = 0; k < size; k++) mean[k]! += vectors[page * size + k]! / count;
    for (let page = 0; page < count; page++) {
      const vector = vectors.subarray(page * size, (page + 1) * size);
      for (let k = 0; k < size; k++) vector[k]! -= mean[k]!;
      unit(vector);
    }
    const docsTerms = [...counts.keys()].filter((term) => this.#table.termRow.has(term));
    const pageOf = byChunk ? Int32Array.from(index.chunks, (chunk) => chunk.page) : undefined;
    return { vectors, pageOf, share, docsTerms, docsRows: Int32Array.from(docsTerms, (term) => this.#table.termRow.get(term)!) };
  }
}

function unit(vector: Float32Array): void {
  const norm = Math.hypot(...vector);
  if (norm > 0) for (let k = 0; k < vector.length; k++) vector[k]! /= norm;
}
